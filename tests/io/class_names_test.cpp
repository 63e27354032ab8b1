// One class mapping per run: the training split defines it (sorted labels), validation
// and test splits are read through it, and it is saved with the run.
#include "support/temp_dir.hpp"

#include <nnplug/base/error.hpp>
#include <nnplug/io/data/class_names.hpp>
#include <nnplug/io/data/data.hpp>

#include <catch2/catch.hpp>

using Catch::Matchers::Contains;
using nnplug::load_csv;
using nnplug::test::TempDir;
using Names = std::vector<std::string>;

TEST_CASE("a test split listing classes in another order gets the training split's indices", "[io][classes]") {
  TempDir tmp;
  const auto train = tmp.write("train.csv", "x,label\n1,dog\n2,cat\n3,bird\n4,cat\n");
  const auto test = tmp.write("test.csv", "x,label\n5,cat\n6,bird\n7,dog\n");
  const auto training = load_csv(train, "label");
  REQUIRE(training.class_names == Names{"bird", "cat", "dog"});
  CHECK(training.y(0, 0) == 2.0f);
  CHECK(training.y(1, 0) == 1.0f);
  CHECK(training.y(2, 0) == 0.0f);

  const auto scored = load_csv(test, "label", training.class_names);
  CHECK(scored.class_names == training.class_names);
  CHECK(scored.y(0, 0) == 1.0f);  // cat, although it comes first in this file
  CHECK(scored.y(1, 0) == 0.0f);
  CHECK(scored.y(2, 0) == 2.0f);
  // Read on its own, the test file would have had other indices: the bug this prevents.
  CHECK(load_csv(test, "label").y(0, 0) != scored.y(2, 0));
  // A split with only some of the classes keeps every index.
  const auto partial = load_csv(tmp.write("few.csv", "x,label\n1,dog\n"), "label", training.class_names);
  CHECK(partial.y(0, 0) == 2.0f);
}

TEST_CASE("a label the training split does not have is an error naming file, line and label", "[io][classes]") {
  TempDir tmp;
  const Names classes{"bird", "cat", "dog"};
  const auto unseen = tmp.write("test.csv", "x,label\n5,cat\n6,fish\n");
  REQUIRE_THROWS_AS(load_csv(unseen, "label", classes), nnplug::Error);
  REQUIRE_THROWS_WITH(load_csv(unseen, "label", classes),
                      unseen.string() + ":3: column 'label': label 'fish' is not one of the training data's classes "
                                        "(bird, cat, dog); fix the label or add samples of that class to the training data");
  // Numbers are not taken as indices when the training labels were words.
  const auto numbers = tmp.write("numbers.csv", "x,label\n5,0\n");
  REQUIRE_THROWS_WITH(load_csv(numbers, "label", classes), Contains(":2: column 'label': label '0' is not one of"));
  // Words where the training labels were numbers.
  const auto words = tmp.write("words.csv", "x,label\n5,0\n6,cat\n");
  REQUIRE_THROWS_WITH(load_csv(tmp.write("w.csv", "x,label\n5,cat\n"), "label", Names{}),
                      Contains(":2: column 'label': label 'cat' is a word, but the training data's labels are numbers"));
  REQUIRE_THROWS_WITH(load_csv(words, "label", Names{}), Contains("mixes numbers and words"));
  CHECK(load_csv(tmp.write("n.csv", "x,label\n5,0.5\n"), "label", Names{}).y(0, 0) == 0.5f);
}

TEST_CASE("the class names are saved with a run and read back", "[io][classes]") {
  TempDir tmp;
  const Names classes{"bird", "cat", "odd, \"quoted\" name"};
  nnplug::write_class_names(tmp / "out" / "classes.json", classes);
  CHECK(nnplug::test::read_file(tmp / "out" / "classes.json") ==
        "{\n  \"classes\": [\n    \"bird\",\n    \"cat\",\n    \"odd, \\\"quoted\\\" name\"\n  ]\n}\n");
  CHECK(nnplug::read_class_names(tmp / "out" / "classes.json") == classes);

  const auto twice = tmp.write("twice.json", R"({"classes": ["cat", "dog", "cat"]})");
  REQUIRE_THROWS_WITH(nnplug::read_class_names(twice),
                      twice.string() + ": classes[2]: 'cat' is listed twice; each class has one index");
  const auto not_list = tmp.write("bad.json", R"({"classes": "cat"})");
  REQUIRE_THROWS_WITH(nnplug::read_class_names(not_list), Contains(not_list.string() + ": no \"classes\" list"));
  const auto number = tmp.write("number.json", R"({"classes": ["cat", 3]})");
  REQUIRE_THROWS_WITH(nnplug::read_class_names(number), Contains("classes[1] is not a non-empty string"));
  REQUIRE_THROWS_WITH(nnplug::read_class_names(tmp / "missing.json"),
                      Contains("cannot read class names file '" + (tmp / "missing.json").string() + "'"));
}
