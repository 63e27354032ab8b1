#include <nnplug/compute/parallel_for.hpp>
#include <nnplug/train/training_run.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <vector>

using namespace nnplug;

TEST_CASE("parallel_for covers every index exactly once, in fixed chunks, on any thread count", "[parallel]") {
  for (int threads : {1, 2, machine_threads()}) {
    set_threads(std::min(threads, machine_threads()));
    std::vector<std::atomic<int>> visits(10007);
    std::vector<std::atomic<long>> chunk_starts(10007);
    parallel_for(10007, 1000, [&](Eigen::Index begin, Eigen::Index end) {
      chunk_starts[std::size_t(begin)] += end - begin;
      for (Eigen::Index i = begin; i < end; ++i) ++visits[std::size_t(i)];
    });
    for (const auto& v : visits) REQUIRE(v == 1);
    for (std::size_t i = 0; i < chunk_starts.size(); ++i)
      REQUIRE(chunk_starts[i] == (i % 1000 == 0 ? (i == 10000 ? 7 : 1000) : 0));
  }
  set_threads(1);
}

TEST_CASE("parallel_for with a grain beyond the count makes one call, and none for nothing", "[parallel]") {
  int calls = 0;
  parallel_for(5, std::numeric_limits<Eigen::Index>::max(), [&](Eigen::Index begin, Eigen::Index end) {
    ++calls;
    CHECK(begin == 0);
    CHECK(end == 5);
  });
  CHECK(calls == 1);
  parallel_for(0, 10, [&](Eigen::Index, Eigen::Index) { ++calls; });
  CHECK(calls == 1);
}

TEST_CASE("parallel_for rethrows a chunk's exception on the calling thread", "[parallel]") {
  set_threads(2);
  std::atomic<int> finished{0};
  CHECK_THROWS_WITH(parallel_for(100, 10,
                                 [&](Eigen::Index begin, Eigen::Index) {
                                   if (begin == 50) throw std::runtime_error("chunk 5 failed");
                                   ++finished;
                                 }),
                    "chunk 5 failed");
  CHECK(finished == 9);  // the other chunks still ran
  set_threads(1);
}
