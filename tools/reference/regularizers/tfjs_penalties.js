// TensorFlow.js half of generate.py: reads [{"factory", "args", "shape", "values"}] on
// stdin, writes [{"penalty", "gradient"}] on stdout, each from tf.regularizers.<factory>(args)
// applied to the tensor, and its gradient from tf.grad. TFJS computes in float32.
const tf = require('@tensorflow/tfjs-core');
require('@tensorflow/tfjs-backend-cpu');
const tfl = require('@tensorflow/tfjs-layers');

async function main() {
  await tf.setBackend('cpu');
  const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
  const results = input.map(({factory, args, shape, values}) => {
    const regularizer = tfl.regularizers[factory](args);
    const x = tf.tensor(values, shape, 'float32');
    return {
      config: regularizer.getConfig(),
      penalty: regularizer.apply(x).dataSync()[0],
      gradient: Array.from(tf.grad((v) => regularizer.apply(v))(x).dataSync()),
    };
  });
  process.stdout.write(JSON.stringify(results));
}

main();
