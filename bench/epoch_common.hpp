#pragma once
// What the epoch benchmarks (epoch_bench.cpp, tight_loop.cpp) share, so their figures
// differ only in the training they time: the command line, the Fashion-MNIST data scaled
// to [0, 1], the test accuracy and the JSON line they print.
#include <nnplug/io/data/data.hpp>

#include <nlohmann/json.hpp>

#include <cstring>
#include <iostream>
#include <string>

namespace nnplug::bench {

struct EpochArgs {
  std::size_t batch = 64;
  int threads = 1;
  int epochs = 1;
  Eigen::Index samples = 0;  // 0: all; fewer for profiling under callgrind
};

inline EpochArgs parse_epoch_args(int argc, char** argv) {
  EpochArgs args;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--batch")) args.batch = std::stoul(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--threads")) args.threads = std::stoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--epochs")) args.epochs = std::stoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--samples")) args.samples = std::stol(argv[i + 1]);
  }
  return args;
}

struct FashionMnist {
  Dataset train, test;  // x scaled to [0, 1]; y one class index per row
};

inline FashionMnist load_fashion_mnist(Eigen::Index samples = 0) {
  const std::string dir = "/usr/share/datasets/fashion-mnist/";
  FashionMnist data{load_idx_pair(dir + "train-images-idx3-ubyte.gz", dir + "train-labels-idx1-ubyte.gz"),
                    load_idx_pair(dir + "t10k-images-idx3-ubyte.gz", dir + "t10k-labels-idx1-ubyte.gz")};
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

inline void print_epoch_result(const char* impl, const EpochArgs& args, double best_seconds, double test_accuracy) {
  std::cout << nlohmann::json{{"impl", impl}, {"batch", args.batch}, {"threads", args.threads},
                              {"epoch_seconds", best_seconds}, {"test_accuracy", test_accuracy}}
                   .dump()
            << "\n";
}

}  // namespace nnplug::bench
