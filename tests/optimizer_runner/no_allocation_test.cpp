// The training step's promise: once the optimizer has built its slots, apply()
// allocates nothing. This executable's malloc family counts calls while a test asks,
// forwarding to glibc's allocator; C++ new and Eigen both end up here, from the core
// and from every plugin library.
#include "optimizer_runner/runner_test_support.hpp"
#include "registry/registry_test_support.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <cerrno>
#include <cstddef>

extern "C" {
void* __libc_malloc(std::size_t);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void* __libc_memalign(std::size_t, std::size_t);
}

namespace {
std::atomic<bool> counting{false};
std::atomic<long> allocations{0};
void count() {
  if (counting.load(std::memory_order_relaxed)) allocations.fetch_add(1, std::memory_order_relaxed);
}
}  // namespace

extern "C" {
void* malloc(std::size_t size) {
  count();
  return __libc_malloc(size);
}
void* calloc(std::size_t n, std::size_t size) {
  count();
  return __libc_calloc(n, size);
}
void* realloc(void* p, std::size_t size) {
  count();
  return __libc_realloc(p, size);
}
void* memalign(std::size_t alignment, std::size_t size) {
  count();
  return __libc_memalign(alignment, size);
}
void* aligned_alloc(std::size_t alignment, std::size_t size) {
  count();
  return __libc_memalign(alignment, size);
}
int posix_memalign(void** out, std::size_t alignment, std::size_t size) {
  count();
  if (alignment % sizeof(void*) != 0 || (alignment & (alignment - 1)) != 0) return EINVAL;
  void* p = __libc_memalign(alignment, size);
  if (!p && size) return ENOMEM;
  *out = p;
  return 0;
}
}

using namespace nnplug;
using namespace nnplug::registry_testing;

namespace {

long allocations_in(const std::function<void()>& f) {
  allocations = 0;
  counting = true;
  f();
  counting = false;
  return allocations.load();
}

void check_steps_allocate_nothing(const Registry& registry, const Json& spec) {
  INFO(spec.dump());
  auto runner = OptimizerRunner::from_config(registry, spec, "compile.optimizer");
  const Json reference = load_runner_reference();
  Problem problem(reference);
  problem.backward();
  CHECK(allocations_in([&] { runner.apply(problem.parameters); }) > 0);  // the counter does see allocations
  problem.backward();
  CHECK(allocations_in([&] {
          for (int i = 0; i < 10; ++i) runner.apply(problem.parameters);
        }) == 0);
}

}  // namespace

TEST_CASE("optimizer runner allocates nothing after its first step", "[runner]") {
  const Registry registry({fs::path(NNPLUG_TEST_FIXTURE_DIR)});
  for (const Json& options : {Json::object(), Json{{"clipnorm", 1.0}, {"decay", 0.1}, {"weight_decay", 0.01}},
                              Json{{"global_clipnorm", 1.0}, {"use_ema", true}, {"ema_overwrite_frequency", 3}},
                              Json{{"clipvalue", 0.2}}}) {
    Json spec = options;
    spec["name"] = "fixture_sgd";
    check_steps_allocate_nothing(registry, spec);
  }
  const Registry shipped({plugin_dir()});
  for (const char* optimizer : {"sgd", "adam"}) {
    if (!shipped.lookup(Kind::optimizer, optimizer)) {
      WARN("plugin " << optimizer << " not built; skipping its allocation check");
      continue;
    }
    check_steps_allocate_nothing(shipped, Json{{"name", optimizer}, {"clipnorm", 1.0}});
  }
}
