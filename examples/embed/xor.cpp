// Embedding nnplug in a C++ program: build a model, train it on data you already have in
// memory, predict. Exits non-zero if it did not learn XOR (so it doubles as a test).
#include <nnplug/model/model.hpp>
#include <nnplug/registry/plugin_reference.hpp>
#include <nnplug/registry/registry.hpp>
#include <nnplug/train/trainer.hpp>

#include <iostream>

int main() try {
  // Plugins are found on NNPLUG_PLUGIN_PATH and next to the executable's ../lib.
  const nnplug::Registry registry(nnplug::Registry::search_path());

  const nnplug::Json model_spec = nnplug::Json::parse(R"({
    "input_shape": [2],
    "layers": [{"type": "dense", "units": 8, "activation": "tanh"},
               {"type": "dense", "units": 1, "activation": "sigmoid"}]})");
  nnplug::Rng rng(3);
  nnplug::Sequential model = nnplug::build_model(registry, nnplug::ConfigSection(model_spec, "model"), rng);

  nnplug::Trainer trainer(model,
                          nnplug::OptimizerRunner::from_config(
                              registry, nnplug::Json{{"name", "adam"}, {"learning_rate", 0.05}}, "optimizer"),
                          nnplug::Loss::create("binary_crossentropy", "loss"), {});

  nnplug::Matrix x(4, 2), y(4, 1);
  x << 0, 0, 0, 1, 1, 0, 1, 1;
  y << 0, 1, 1, 0;
  nnplug::FitOptions options;
  options.epochs = 300;
  options.batch_size = 4;
  trainer.fit(x, y, options);

  const nnplug::Matrix predicted = trainer.predict(x);
  int correct = 0;
  for (int i = 0; i < 4; ++i) {
    std::cout << x(i, 0) << " xor " << x(i, 1) << " -> " << predicted(i, 0) << "\n";
    correct += (predicted(i, 0) > 0.5f) == (y(i, 0) > 0.5f);
  }
  return correct == 4 ? 0 : 1;
} catch (const std::exception& e) {
  std::cerr << "error: " << e.what() << "\n";
  return 2;
}
