// One training epoch of the Fashion-MNIST MLP (784-256-128-10, or --model wide:
// 784-2048-2048-10; relu, softmax, categorical cross-entropy, adam) through the
// embedding API; prints JSON. With --evaluate B, also evaluate() on the 10,000 test
// images at batch B (best of 5), as a second JSON line in samples per second.
// Usage: nnplug_bench_epoch [--batch N] [--threads N] [--epochs N] [--samples N] [--model mlp|wide]
//                           [--evaluate B]
// (--samples trains on the first N samples only, for profiling under callgrind)
#include "epoch_common.hpp"

#include <nnplug/model/model.hpp>
#include <nnplug/registry/registry.hpp>
#include <nnplug/train/trainer.hpp>
#include <nnplug/train/training_run.hpp>

#include <chrono>

namespace {

nnplug::Json model_spec(const std::vector<int>& units) {
  nnplug::Json layers = nnplug::Json::array();
  for (std::size_t i = 0; i < units.size(); ++i)
    layers.push_back({{"type", "dense"}, {"units", units[i]}, {"activation", i + 1 < units.size() ? "relu" : "softmax"}});
  return {{"input_shape", {784}}, {"layers", layers}};
}

template <class Work>
double best_seconds(int repeats, Work&& work) {
  double best = 1e30;
  for (int r = 0; r < repeats; ++r) {
    const auto start = std::chrono::steady_clock::now();
    work();
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) try {
  namespace bench = nnplug::bench;
  const bench::EpochArgs args = bench::parse_epoch_args(argc, argv);
  nnplug::set_threads(args.threads);
  const bench::FashionMnist data = bench::load_fashion_mnist(args.samples);

  const nnplug::Registry registry(nnplug::Registry::search_path());
  const nnplug::Json spec = model_spec(bench::layer_units(args.model));
  nnplug::Rng rng(1);
  nnplug::Sequential model = nnplug::build_model(registry, nnplug::ConfigSection(spec, "model"), rng);
  nnplug::Trainer trainer(model, nnplug::OptimizerRunner::from_config(registry, nnplug::Json("adam"), "optimizer"),
                          nnplug::Loss::create("categorical_crossentropy", "loss"), {});
  nnplug::FitOptions options;
  options.batch_size = args.batch;
  options.epochs = 1;
  options.seed = 2;
  const double best = best_seconds(args.epochs, [&] { trainer.fit(data.train.x, data.train.y, options); });
  bench::print_epoch_result("nnplug", args, best, bench::accuracy(trainer.predict(data.test.x, 1024), data.test.y),
                            data.train.x.rows(), data.train_load_seconds);
  if (args.evaluate_batch > 0) {
    const double seconds = best_seconds(5, [&] { trainer.evaluate(data.test.x, data.test.y, args.evaluate_batch); });
    std::cout << nlohmann::json{{"section", "evaluate"}, {"impl", "nnplug"}, {"model", args.model},
                                {"batch", args.evaluate_batch}, {"threads", args.threads}, {"samples", data.test.x.rows()},
                                {"seconds", seconds}, {"samples_per_second", double(data.test.x.rows()) / seconds}}
                     .dump()
              << "\n";
  }
  return 0;
} catch (const std::exception& e) {
  std::cerr << "nnplug_bench_epoch: " << e.what() << "\n";
  return 2;
}
