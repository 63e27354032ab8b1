// One training epoch of the Fashion-MNIST MLP (784-256-128-10, relu, softmax,
// categorical cross-entropy, adam) through the embedding API; prints JSON.
// Usage: nnplug_bench_epoch [--batch N] [--threads N] [--epochs N] [--samples N]
// (--samples trains on the first N samples only, for profiling under callgrind)
#include "epoch_common.hpp"

#include <nnplug/model/model.hpp>
#include <nnplug/registry/registry.hpp>
#include <nnplug/train/trainer.hpp>
#include <nnplug/train/training_run.hpp>

#include <chrono>

int main(int argc, char** argv) try {
  namespace bench = nnplug::bench;
  const bench::EpochArgs args = bench::parse_epoch_args(argc, argv);
  nnplug::set_threads(args.threads);
  const bench::FashionMnist data = bench::load_fashion_mnist(args.samples);

  const nnplug::Registry registry(nnplug::Registry::search_path());
  const nnplug::Json spec = nnplug::Json::parse(R"({"input_shape": [784], "layers": [
      {"type": "dense", "units": 256, "activation": "relu"},
      {"type": "dense", "units": 128, "activation": "relu"},
      {"type": "dense", "units": 10, "activation": "softmax"}]})");
  nnplug::Rng rng(1);
  nnplug::Sequential model = nnplug::build_model(registry, nnplug::ConfigSection(spec, "model"), rng);
  nnplug::Trainer trainer(model, nnplug::OptimizerRunner::from_config(registry, nnplug::Json("adam"), "optimizer"),
                          nnplug::Loss::create("categorical_crossentropy", "loss"), {});
  nnplug::FitOptions options;
  options.batch_size = args.batch;
  options.epochs = 1;
  options.seed = 2;
  double best = 1e30;
  for (int e = 0; e < args.epochs; ++e) {
    const auto start = std::chrono::steady_clock::now();
    trainer.fit(data.train.x, data.train.y, options);
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  bench::print_epoch_result("nnplug", args, best, bench::accuracy(trainer.predict(data.test.x, 1024), data.test.y));
  return 0;
} catch (const std::exception& e) {
  std::cerr << "nnplug_bench_epoch: " << e.what() << "\n";
  return 2;
}
