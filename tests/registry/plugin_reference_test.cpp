// The three ways a config names a plugin.
#include <nnplug/registry/plugin_reference.hpp>

#include <catch2/catch.hpp>

using namespace nnplug;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

TEST_CASE("plugin references: a name, a name with parameters, or Keras's class_name/config", "[registry]") {
  const auto plain = parse_plugin_reference("adam", "compile.optimizer");
  CHECK(plain.name == "adam");
  CHECK(plain.params == Json::object());

  const auto flat = parse_plugin_reference(Json{{"name", "adam"}, {"learning_rate", 0.01}}, "compile.optimizer");
  CHECK(flat.name == "adam");
  CHECK(flat.params == Json{{"learning_rate", 0.01}});

  const auto keras = parse_plugin_reference(
      Json::parse(R"({"module": "keras.initializers", "class_name": "GlorotUniform", "registered_name": null,
                      "config": {"seed": null, "name": "glorot"}})"),
      "model.layers[0].kernel_initializer");
  CHECK(keras.name == "GlorotUniform");
  CHECK(keras.params == Json{{"seed", nullptr}});  // Keras's object name is dropped, nulls are kept

  const auto no_config = parse_plugin_reference(Json{{"class_name", "Zeros"}}, "x");
  CHECK(no_config.params == Json::object());
}

TEST_CASE("plugin references: anything else names the place and shows the accepted forms", "[registry]") {
  const auto error = [](const Json& spec) {
    try {
      parse_plugin_reference(spec, "compile.optimizer");
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  for (const Json& bad : {Json(3), Json::array({"adam"}), Json(nullptr), Json(""), Json{{"learning_rate", 0.1}},
                          Json{{"name", 5}}, Json{{"class_name", "Adam"}, {"config", 3}},
                          Json{{"class_name", "Adam"}, {"name", "adam"}}, Json{{"class_name", "Adam"}, {"lr", 0.1}}}) {
    INFO(bad.dump());
    const std::string message = error(bad);
    CHECK_THAT(message, StartsWith("compile.optimizer: "));
    CHECK_THAT(message, Contains(R"(write a plugin as "<name>", {"name": "<name>", "<parameter>": <value>} or Keras's )"
                                 R"({"class_name": "<ClassName>", "config": {...}})"));
  }
  CHECK_THAT(error(Json{{"learning_rate", 0.1}}), Contains("the object has no 'name'"));
}
