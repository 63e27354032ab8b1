// Whole training runs against PyTorch (tools/reference/training.py): same data, same
// initial weights, no shuffling; every epoch's loss and the final weights must agree.
#include "support/cli.hpp"

#include <nnplug/io/numpy/npz.hpp>

#include <catch2/catch.hpp>

using namespace nnplug;
using namespace nnplug::test;

namespace {

Json reference_cases() {
  const auto dir = std::filesystem::path(NNPLUG_TEST_DATA_DIR) / "reference" / "training";
  return Json::parse(read_file(dir / "cases.json"))["cases"];
}

std::vector<double> column(const std::string& csv, const std::string& name) {
  std::istringstream lines(csv);
  std::string line, cell;
  std::getline(lines, line);
  std::size_t index = 0, at = 0;
  for (std::istringstream header(line); std::getline(header, cell, ','); ++at)
    if (cell == name) index = at;
  std::vector<double> values;
  while (std::getline(lines, line)) {
    std::istringstream row(line);
    for (std::size_t i = 0; std::getline(row, cell, ','); ++i)
      if (i == index) values.push_back(std::stod(cell));
  }
  return values;
}

}  // namespace

TEST_CASE("training matches PyTorch step for step", "[cli][reference]") {
  const auto data_dir = std::filesystem::path(NNPLUG_TEST_DATA_DIR) / "reference" / "training";
  for (const auto& reference : reference_cases()) {
    SECTION(reference["name"].get<std::string>()) {
      TempDir dir;
      Json dense0 = {{"type", "dense"}, {"units", 8}, {"activation", "tanh"}};
      dense0.update(reference["layer0"]);
      const Json config = {
          {"seed", 1},
          {"threads", 1},
          {"data", {{"train", {{"format", "csv"}, {"path", (data_dir / "data.csv").string()}, {"label", "label"}}}}},
          {"model",
           {{"input_shape", {5}},
            {"initial_weights", (data_dir / "initial.npz").string()},
            {"layers", Json::array({dense0, {{"type", "dense"}, {"units", 3}, {"activation", "softmax"}}})}}},
          {"compile", {{"optimizer", reference["optimizer"]}, {"loss", "categorical_crossentropy"}}},
          {"fit", {{"epochs", reference["epochs"]}, {"batch_size", reference["batch_size"]}, {"shuffle", false}}},
          {"output", {{"dir", "out"}}}};
      write_file(dir / "config.json", config.dump(1));
      const auto result = run_nnplug({"train", "config.json", "--quiet"}, dir.path());
      INFO(result.err);
      REQUIRE(result.exit_code == 0);

      const auto losses = column(read_file(dir / "out" / "history.csv"), "loss");
      const auto expected_losses = reference["expected_loss"].get<std::vector<double>>();
      REQUIRE(losses.size() == expected_losses.size());
      for (std::size_t i = 0; i < losses.size(); ++i) CHECK(losses[i] == Approx(expected_losses[i]).epsilon(1e-5));

      for (const auto& array : read_npz(dir / "out" / "weights.npz")) {
        const auto expected = reference["expected_weights"][array.name].get<std::vector<double>>();
        REQUIRE(array.data.size() == expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
          INFO(array.name << "[" << i << "]");
          CHECK(array.data[i] == Approx(expected[i]).margin(2e-5).epsilon(1e-4));
        }
      }
    }
  }
}
