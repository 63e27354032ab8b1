#pragma once
// What the epoch benchmarks (epoch_bench.cpp, tight_loop.cpp) share, so their figures
// differ only in the training they time: the command line, the Fashion-MNIST data scaled
// to [0, 1], the test accuracy and the JSON line they print.
#include <nnplug/compute/gemm.hpp>
#include <nnplug/io/data/data.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstring>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace nnplug::bench {

struct EpochArgs {
  std::size_t batch = 64;
  int threads = 1;
  int epochs = 1;
  Eigen::Index samples = 0;  // 0: all; fewer for profiling under callgrind
  std::string model = "mlp";  // mlp: 784-256-128-10; wide: 784-2048-2048-10
  std::size_t evaluate_batch = 0;  // > 0: also time evaluate() on the test set at this batch
};

// The units of each dense layer after the 784 inputs (relu, relu, softmax).
inline std::vector<int> layer_units(const std::string& model) {
  if (model == "mlp") return {256, 128, 10};
  if (model == "wide") return {2048, 2048, 10};
  throw std::runtime_error("--model: '" + model + "' is neither mlp nor wide");
}

inline EpochArgs parse_epoch_args(int argc, char** argv) {
  EpochArgs args;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--batch")) args.batch = std::stoul(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--threads")) args.threads = std::stoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--epochs")) args.epochs = std::stoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--samples")) args.samples = std::stol(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--model")) args.model = argv[i + 1];
    else if (!std::strcmp(argv[i], "--evaluate")) args.evaluate_batch = std::stoul(argv[i + 1]);
  }
  return args;
}

struct FashionMnist {
  Dataset train, test;  // x scaled to [0, 1]; y one class index per row
  double train_load_seconds = 0.0;  // reading and decompressing all 70,000 images and labels (train + test)
};

inline FashionMnist load_fashion_mnist(Eigen::Index samples = 0) {
  const std::string dir = "/usr/share/datasets/fashion-mnist/";
  const auto start = std::chrono::steady_clock::now();
  FashionMnist data{load_idx_pair(dir + "train-images-idx3-ubyte.gz", dir + "train-labels-idx1-ubyte.gz"),
                    load_idx_pair(dir + "t10k-images-idx3-ubyte.gz", dir + "t10k-labels-idx1-ubyte.gz")};
  data.train_load_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (samples > 0 && samples < data.train.x.rows()) {
    data.train.x.conservativeResize(samples, Eigen::NoChange);
    data.train.y.conservativeResize(samples, Eigen::NoChange);
  }
  data.train.x /= 255.0f;
  data.test.x /= 255.0f;
  return data;
}

// The share of rows whose largest probability is at the labelled class.
inline double accuracy(const Matrix& probabilities, const Matrix& labels) {
  int correct = 0;
  for (Eigen::Index i = 0; i < probabilities.rows(); ++i) {
    Eigen::Index arg;
    probabilities.row(i).maxCoeff(&arg);
    correct += arg == Eigen::Index(labels(i, 0));
  }
  return double(correct) / double(probabilities.rows());
}

// GEMM FLOPs of one training step per sample: forward and weight gradient of every layer,
// input gradient of all but the first.
inline double gemm_flops_per_sample(const std::vector<int>& units) {
  double flops = 0.0;
  int inputs = 784;
  for (std::size_t i = 0; i < units.size(); ++i) {
    flops += 2.0 * 2.0 * inputs * units[i] + (i > 0 ? 2.0 * inputs * units[i] : 0.0);
    inputs = units[i];
  }
  return flops;
}

inline void print_epoch_result(const char* impl, const EpochArgs& args, double best_seconds, double test_accuracy,
                               Eigen::Index samples, double load_seconds) {
  nlohmann::json line{{"impl", impl}, {"batch", args.batch}, {"threads", args.threads},
                      {"epoch_seconds", best_seconds}, {"test_accuracy", test_accuracy}, {"gemm_backend", gemm_backend().name}};
  if (args.model != "mlp" || args.samples > 0) {
    line["model"] = args.model;
    line["samples"] = samples;
    line["gemm_flops"] = gemm_flops_per_sample(layer_units(args.model)) * double(samples);
  }
  if (load_seconds > 0.0) line["train_load_seconds"] = load_seconds;
  std::cout << line.dump() << "\n";
}

}  // namespace nnplug::bench
