// The three ways a config names a plugin.
#include <nnplug/registry/plugin_reference.hpp>

#include <catch2/catch.hpp>

using namespace nnplug;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

TEST_CASE("plugin references: a name, a name with parameters, or Keras's class_name/config", "[registry]") {
  const auto plain = parse_plugin_reference("adam", "/compile/optimizer");
  CHECK(plain.name == "adam");
  CHECK(plain.params == Json::object());

  const auto flat = parse_plugin_reference(Json{{"name", "adam"}, {"learning_rate", 0.01}}, "/compile/optimizer");
  CHECK(flat.name == "adam");
  CHECK(flat.params == Json{{"learning_rate", 0.01}});

  const auto keras = parse_plugin_reference(
      Json::parse(R"({"module": "keras.initializers", "class_name": "GlorotUniform", "registered_name": null,
                      "config": {"seed": null, "name": "glorot"}})"),
      "/model/layers/0/kernel_initializer");
  CHECK(keras.name == "GlorotUniform");
  CHECK(keras.params == Json{{"seed", nullptr}});  // Keras's object name is dropped, nulls are kept

  const auto no_config = parse_plugin_reference(Json{{"class_name", "Zeros"}}, "x");
  CHECK(no_config.params == Json::object());
}

TEST_CASE("plugin references: anything else names the place and shows the accepted forms", "[registry]") {
  const auto error = [](const Json& spec) {
    try {
      parse_plugin_reference(spec, "/compile/optimizer");
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  // Not a reference at all: the three forms are the expected value.
  for (const Json& bad : {Json(3), Json::array({"adam"}), Json(nullptr), Json("")}) {
    INFO(bad.dump());
    CHECK_THAT(error(bad), StartsWith("/compile/optimizer: ") &&
                               Contains(R"((expected "<name>", {"name": "<name>", "<parameter>": <value>} or Keras's )"
                                        R"({"class_name": "<ClassName>", "config": {...}}, got )" + bad.dump()));
  }
  // A reference with a bad part: the pointer names the part.
  CHECK_THAT(error(Json{{"learning_rate", 0.1}}), StartsWith("/compile/optimizer/name: missing (expected a plugin name"));
  CHECK_THAT(error(Json{{"name", 5}}), StartsWith("/compile/optimizer/name: not a plugin name (expected a non-empty string, got 5"));
  CHECK_THAT(error(Json{{"class_name", "Adam"}, {"config", 3}}),
             StartsWith("/compile/optimizer/config: not an object (expected an object of parameters, got 3"));
  CHECK_THAT(error(Json{{"class_name", "Adam"}, {"name", "adam"}}),
             StartsWith("/compile/optimizer/name: 'name' and 'class_name' both given (expected only one of them"));
  CHECK_THAT(error(Json{{"class_name", "Adam"}, {"lr", 0.1}}),
             StartsWith("/compile/optimizer/lr: unknown key in a Keras object (expected one of class_name, config, module, "
                        "registered_name, got 0.1"));
}

TEST_CASE("plugin references: the parameters' place is the reference, or its config in Keras's form", "[registry]") {
  CHECK(parse_plugin_reference("adam", "/compile/optimizer").params_at == "/compile/optimizer");
  CHECK(parse_plugin_reference(Json{{"name", "adam"}}, "/compile/optimizer").params_at == "/compile/optimizer");
  CHECK(parse_plugin_reference(Json{{"class_name", "Adam"}}, "/compile/optimizer").params_at == "/compile/optimizer/config");
}
