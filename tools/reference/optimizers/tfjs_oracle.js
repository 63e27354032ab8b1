// TensorFlow.js (tfjs-core 4.22.0, CPU backend, float32) as an optimizer oracle, driven
// line by line from tfjs.py over stdin/stdout, so the problem, the gradients and
// Keras's base-optimizer steps live in Python once for every oracle. Each request is
// one JSON line; each reply is one JSON line.
//   {"create": {"optimizer": "adam", "args": [lr, beta1, beta2, epsilon]}}  -> {"ok": true}
//   {"step": {"weights": [[...]], "gradients": [[...]], "set": {"epsilon": 1e-7}}}
//       assigns the weights (as float32), sets the optimizer's fields, applies the
//       gradients once and replies {"weights": [[...]]}
// Gradients are given, not derived, so no gradient kernels are needed.
const tf = require('@tensorflow/tfjs-core');
require('@tensorflow/tfjs-backend-cpu');
const readline = require('readline');

const constructors = {
  sgd: (lr) => tf.train.sgd(lr),
  momentum: (lr, momentum, nesterov) => tf.train.momentum(lr, momentum, nesterov),
  rmsprop: (lr, decay, momentum, epsilon, centered) => tf.train.rmsprop(lr, decay, momentum, epsilon, centered),
  adagrad: (lr, initialAccumulatorValue) => tf.train.adagrad(lr, initialAccumulatorValue),
  adam: (lr, beta1, beta2, epsilon) => tf.train.adam(lr, beta1, beta2, epsilon),
  adamax: (lr, beta1, beta2, epsilon, decay) => tf.train.adamax(lr, beta1, beta2, epsilon, decay),
};

let optimizer = null;
let variables = [];
let generation = 0;

function create({optimizer: name, args}) {
  if (optimizer) optimizer.dispose();
  variables.forEach((v) => v.dispose());
  variables = [];
  generation += 1;
  optimizer = constructors[name](...args);
  return {ok: true, backend: tf.getBackend(), version: tf.version_core, epsilon: tf.backend().epsilon()};
}

function step({weights, gradients, set}) {
  if (variables.length === 0)
    variables = weights.map((w, i) => tf.variable(tf.tensor1d(w, 'float32'), true, `case${generation}/tensor${i}`));
  weights.forEach((w, i) => variables[i].assign(tf.tensor1d(w, 'float32')));
  for (const [field, value] of Object.entries(set || {})) {
    if (field === 'learningRate' && typeof optimizer.setLearningRate === 'function') optimizer.setLearningRate(value);
    else optimizer[field] = value;
  }
  const named = {};
  gradients.forEach((g, i) => { named[variables[i].name] = tf.tensor1d(g, 'float32'); });
  optimizer.applyGradients(named);
  Object.values(named).forEach((g) => g.dispose());
  return {weights: variables.map((v) => Array.from(v.dataSync()))};
}

tf.setBackend('cpu').then(() => {
  const lines = readline.createInterface({input: process.stdin});
  lines.on('line', (line) => {
    const request = JSON.parse(line);
    const reply = request.create ? create(request.create) : step(request.step);
    process.stdout.write(JSON.stringify(reply) + '\n');
  });
});
