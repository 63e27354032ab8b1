#include "support/temp_dir.hpp"

#include <nnplug/io/data/data.hpp>
#include <nnplug/base/error.hpp>

#include <catch2/catch.hpp>

using Catch::Matchers::Contains;
using nnplug::Error;
using nnplug::load_csv;
using nnplug::test::TempDir;

TEST_CASE("load_csv reads numeric features and numeric labels from any column", "[data][csv]") {
  TempDir tmp;
  const auto file = tmp.write("reg.csv",
                              "x1, target ,x2\n"
                              "1,0.5,2\n"
                              "  -3.25 , 7 ,\t4e2\n"
                              "+1.5,-1e-3,1e-50\n");
  const auto data = load_csv(file, "target");
  REQUIRE(data.x.rows() == 3);
  REQUIRE(data.x.cols() == 2);
  REQUIRE(data.y.rows() == 3);
  REQUIRE(data.y.cols() == 1);
  CHECK(data.x(0, 0) == 1.0f);
  CHECK(data.x(0, 1) == 2.0f);
  CHECK(data.x(1, 0) == -3.25f);
  CHECK(data.x(1, 1) == 400.0f);
  CHECK(data.x(2, 0) == 1.5f);
  CHECK(data.x(2, 1) == 0.0f);  // 1e-50 underflows to the nearest float
  CHECK(data.y(0, 0) == 0.5f);
  CHECK(data.y(1, 0) == 7.0f);
  CHECK(data.y(2, 0) == -1e-3f);
  CHECK(data.class_names.empty());
}

TEST_CASE("load_csv maps word labels to class indices in sorted order, whatever the row order", "[data][csv]") {
  TempDir tmp;
  // A byte-order mark, \r\n line ends, quoted fields, a blank line and a trailing empty line.
  const auto file = tmp.write("iris.csv",
                              "\xEF\xBB\xBF"
                              "sepal_length,\"sepal_width\",species\r\n"
                              "5.1,3.5,setosa\r\n"
                              "\"7.0\",3.2,\"versicolor\"\r\n"
                              "\r\n"
                              "6.3, \"3.3\" ,virginica\r\n"
                              "4.9,3.0,setosa\r\n"
                              "5.0,2.0,\"odd, \"\"quoted\"\" name\"\r\n"
                              "\r\n");
  const auto data = load_csv(file, "species");
  REQUIRE(data.x.rows() == 5);
  REQUIRE(data.x.cols() == 2);
  CHECK(data.x(1, 0) == 7.0f);
  CHECK(data.x(2, 1) == 3.3f);
  REQUIRE(data.class_names == std::vector<std::string>{"odd, \"quoted\" name", "setosa", "versicolor", "virginica"});
  CHECK(data.y(0, 0) == 1.0f);
  CHECK(data.y(1, 0) == 2.0f);
  CHECK(data.y(2, 0) == 3.0f);
  CHECK(data.y(3, 0) == 1.0f);
  CHECK(data.y(4, 0) == 0.0f);
}

TEST_CASE("load_csv errors name the file, the line and the column", "[data][csv]") {
  TempDir tmp;
  const std::string header = "sepal_length,petal_width,species\n";

  SECTION("a feature that is not a number") {
    const auto file = tmp.write("iris.csv", header + "1,2,setosa\n\n3,abc,setosa\n");
    REQUIRE_THROWS_AS(load_csv(file, "species"), Error);
    REQUIRE_THROWS_WITH(load_csv(file, "species"),
                        Contains(file.string() + ":4: column 'petal_width': 'abc' is not a number"));
  }
  SECTION("a number followed by text") {
    const auto file = tmp.write("iris.csv", header + "1,2.5cm,setosa\n");
    REQUIRE_THROWS_WITH(load_csv(file, "species"), Contains(":2: column 'petal_width': '2.5cm' is not a number"));
  }
  SECTION("an empty feature") {
    const auto file = tmp.write("iris.csv", header + "1, ,setosa\n");
    REQUIRE_THROWS_WITH(load_csv(file, "species"), Contains(":2: column 'petal_width': the value is empty"));
  }
  SECTION("a feature that is not finite") {
    const auto file = tmp.write("iris.csv", header + "nan,1,setosa\n");
    REQUIRE_THROWS_WITH(load_csv(file, "species"),
                        Contains(":2: column 'sepal_length': 'nan' is not a finite number"));
  }
  SECTION("a feature too large for a float") {
    const auto file = tmp.write("iris.csv", header + "1e39,1,setosa\n");
    REQUIRE_THROWS_WITH(load_csv(file, "species"), Contains(":2: column 'sepal_length': '1e39' is too large"));
  }
  SECTION("an empty label") {
    const auto file = tmp.write("iris.csv", header + "1,2,\n");
    REQUIRE_THROWS_WITH(load_csv(file, "species"), Contains(":2: column 'species': the label is empty"));
  }
  SECTION("a row with too few fields, counted in physical lines with \\r\\n ends") {
    const auto file = tmp.write("iris.csv", "sepal_length,petal_width,species\r\n1,2,a\r\n\r\n1,2\r\n");
    REQUIRE_THROWS_WITH(load_csv(file, "species"),
                        Contains(file.string() + ":4: expected 3 fields as in the header, found 2"));
  }
  SECTION("a row with too many fields") {
    const auto file = tmp.write("iris.csv", header + "1,2,a,4\n");
    REQUIRE_THROWS_WITH(load_csv(file, "species"), Contains(":2: expected 3 fields as in the header, found 4"));
  }
  SECTION("a label column that is not in the header") {
    const auto file = tmp.write("iris.csv", header + "1,2,a\n");
    REQUIRE_THROWS_WITH(load_csv(file, "specis"),
                        Contains(file.string() + ":1: no column 'specis' in the header") &&
                            Contains("did you mean 'species'?") &&
                            Contains("columns: sepal_length, petal_width, species"));
  }
  SECTION("a label column named twice") {
    const auto file = tmp.write("iris.csv", "species,x,species\n1,2,3\n");
    REQUIRE_THROWS_WITH(load_csv(file, "species"), Contains(":1: the label column 'species' appears twice"));
  }
  SECTION("no feature column") {
    const auto file = tmp.write("iris.csv", "species\nsetosa\n");
    REQUIRE_THROWS_WITH(load_csv(file, "species"), Contains("at least one numeric feature column"));
  }
  SECTION("labels mixing numbers and words") {
    const auto file = tmp.write("iris.csv", header + "1,2,3\n1,2,3.O\n");
    REQUIRE_THROWS_WITH(load_csv(file, "species"),
                        Contains(file.string() + ": column 'species' mixes numbers and words (line 2: '3', line 3: '3.O')"));
  }
  SECTION("a quoted field that is never closed") {
    const auto file = tmp.write("iris.csv", header + "1,2,setosa\n1,\"2,setosa\n3,4,setosa\n");
    REQUIRE_THROWS_WITH(load_csv(file, "species"), Contains(file.string() + ":3: a quoted field is never closed"));
  }
  SECTION("text after a closing quote") {
    const auto file = tmp.write("iris.csv", header + "1,\"2\"x,setosa\n");
    REQUIRE_THROWS_WITH(load_csv(file, "species"), Contains(":2: unexpected text after the closing quote"));
  }
  SECTION("an empty file") {
    const auto file = tmp.write("iris.csv", "");
    REQUIRE_THROWS_WITH(load_csv(file, "species"), Contains("data file '" + file.string() + "' is empty"));
  }
  SECTION("a file of blank lines") {
    const auto file = tmp.write("iris.csv", "\n  \r\n\n");
    REQUIRE_THROWS_WITH(load_csv(file, "species"), Contains("is empty"));
  }
  SECTION("a header and no rows") {
    const auto file = tmp.write("iris.csv", header + "\n");
    REQUIRE_THROWS_WITH(load_csv(file, "species"),
                        Contains("data file '" + file.string() + "' has a header (line 1) but no data rows"));
  }
  SECTION("a missing file") {
    const auto file = tmp / "missing.csv";
    REQUIRE_THROWS_WITH(load_csv(file, "species"),
                        Contains("cannot read data file '" + file.string() + "': No such file or directory"));
  }
  SECTION("a directory instead of a file") {
    REQUIRE_THROWS_WITH(load_csv(tmp.dir(), "species"),
                        Contains("cannot read data file '" + tmp.dir().string() + "': Is a directory"));
  }
}
