// One training epoch of the Fashion-MNIST MLP (784-256-128-10, relu, softmax,
// categorical cross-entropy, adam) through the embedding API; prints JSON.
// Usage: nnplug_bench_epoch [--batch N] [--threads N] [--epochs N] [--samples N]
// (--samples trains on the first N samples only, for profiling under callgrind)
#include <nnplug/data.hpp>
#include <nnplug/model.hpp>
#include <nnplug/registry.hpp>
#include <nnplug/trainer.hpp>
#include <nnplug/training_run.hpp>

#include <chrono>
#include <cstring>
#include <iostream>

int main(int argc, char** argv) try {
  std::size_t batch = 64;
  int threads = 1, epochs = 1;
  Eigen::Index samples = 0;  // 0: all
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--batch")) batch = std::stoul(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--threads")) threads = std::stoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--epochs")) epochs = std::stoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--samples")) samples = std::stol(argv[i + 1]);
  }
  nnplug::set_threads(threads);
  const std::string dir = "/usr/share/datasets/fashion-mnist/";
  auto train = nnplug::load_idx_pair(dir + "train-images-idx3-ubyte.gz", dir + "train-labels-idx1-ubyte.gz");
  auto test = nnplug::load_idx_pair(dir + "t10k-images-idx3-ubyte.gz", dir + "t10k-labels-idx1-ubyte.gz");
  if (samples > 0 && samples < train.x.rows()) {
    train.x.conservativeResize(samples, Eigen::NoChange);
    train.y.conservativeResize(samples, Eigen::NoChange);
  }
  train.x /= 255.0f;
  test.x /= 255.0f;

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
  options.batch_size = batch;
  options.epochs = 1;
  options.seed = 2;
  double best = 1e30;
  for (int e = 0; e < epochs; ++e) {
    const auto start = std::chrono::steady_clock::now();
    trainer.fit(train.x, train.y, options);
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  const auto predicted = trainer.predict(test.x, 1024);
  int correct = 0;
  for (Eigen::Index i = 0; i < predicted.rows(); ++i) {
    Eigen::Index arg;
    predicted.row(i).maxCoeff(&arg);
    correct += arg == Eigen::Index(test.y(i, 0));
  }
  std::cout << nnplug::Json{{"impl", "nnplug"}, {"batch", batch}, {"threads", threads}, {"epoch_seconds", best},
                            {"test_accuracy", double(correct) / double(predicted.rows())}}
                   .dump()
            << "\n";
  return 0;
} catch (const std::exception& e) {
  std::cerr << "nnplug_bench_epoch: " << e.what() << "\n";
  return 2;
}
