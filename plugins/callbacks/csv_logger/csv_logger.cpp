// Keras's CSVLogger (keras/src/callbacks/csv_logger.py): one row per epoch, "epoch" (0-based)
// then the epoch's log keys sorted, with val_<key> columns added when the first epoch had
// no validation keys, "NA" for a missing value, and Python's csv.excel dialect (minimal
// quoting, rows ending in \r\n). Numbers are written as Python's str() writes a float: the
// shortest text that reads back to the same double. Flushed after every epoch.
#include "../python_format.hpp"

#include <nnplug/sdk/callback.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace {

using nnplug::CallbackContext;

class CsvLogger final : public nnplug::Callback {
 public:
  explicit CsvLogger(const nnplug::Params& params)
      : filename_(params.text("filename")), separator_(params.text("separator")), append_(params.boolean("append")) {}

  void on_train_begin(CallbackContext& context) override {
    std::filesystem::path path(filename_);
    if (path.is_relative() && !context.output_dir().empty()) path = std::filesystem::path(context.output_dir()) / path;
    bool header = true;
    if (append_) {
      std::ifstream existing(path, std::ios::binary);
      std::string first_line;
      header = !(existing && std::getline(existing, first_line) && !first_line.empty());
    }
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
    file_.close();
    file_.open(path, std::ios::binary | (append_ ? std::ios::app : std::ios::trunc));
    if (!file_) throw std::runtime_error("cannot open '" + path.string() + "' for writing; check that its directory is writable");
    path_ = path.string();
    write_header_ = header;
    keys_.clear();
  }

  void on_epoch_end(int epoch, CallbackContext& context) override {
    if (keys_.empty()) choose_keys(context);
    std::string row = std::to_string(epoch);
    for (const auto& key : keys_) {
      const auto value = context.log(key);
      row += separator_ + field(value ? nnplug::callbacks::python_repr(*value) : "NA");
    }
    file_ << row << "\r\n" << std::flush;
    if (!file_) throw std::runtime_error("writing '" + path_ + "' failed (disk full?)");
  }

  void on_train_end(CallbackContext&) override { file_.close(); }

 private:
  void choose_keys(CallbackContext& context) {
    keys_ = context.log_keys();
    std::sort(keys_.begin(), keys_.end());
    const bool validated = std::any_of(keys_.begin(), keys_.end(), [](const std::string& k) { return k.rfind("val_", 0) == 0; });
    if (!validated) {
      const std::size_t count = keys_.size();
      for (std::size_t i = 0; i < count; ++i) keys_.push_back("val_" + keys_[i]);
    }
    if (!write_header_) return;
    std::string header = field("epoch");
    for (const auto& key : keys_) header += separator_ + field(key);
    file_ << header << "\r\n";
  }

  // csv.excel's minimal quoting: a field holding the separator, a quote or a line break is
  // quoted, with quotes doubled.
  std::string field(const std::string& text) const {
    if (text.find_first_of(separator_ + "\"\r\n") == std::string::npos) return text;
    std::string quoted = "\"";
    for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
  }

  std::string filename_;
  std::string separator_;
  bool append_;
  std::ofstream file_;
  std::string path_;
  bool write_header_ = true;
  std::vector<std::string> keys_;
};

}  // namespace

NNPLUG_PLUGIN(CsvLogger, ::nnplug::Kind::callback, "csv_logger", "CSVLogger", "1.0.0",
              "writes every epoch's logs as a CSV row (Keras's CSVLogger)",
              R"json({"type": "object", "additionalProperties": false, "required": ["filename"],
  "examples": [{"filename": "training.log"}, {"filename": "log.tsv", "separator": "\t", "append": true}], "properties": {
  "filename": {"type": "string", "minLength": 1, "description": "the CSV file; a relative path is relative to the run's output directory"},
  "separator": {"type": "string", "minLength": 1, "maxLength": 1, "default": ",", "description": "the one character between fields"},
  "append": {"type": "boolean", "default": false, "description": "add to an existing file (its header is kept) instead of overwriting it"}}})json")
