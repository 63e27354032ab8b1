#pragma once
// output.dir as one run's record. A run refuses a directory that holds another run unless
// told to replace it, never writes over one of its own inputs, and writes run.json last:
// the manifest names the files of the run and the epoch they hold, so a reader knows the
// history and the weights belong together (a run killed before it finished has none).
// Temporary files left by a killed run ("<file>.tmp-<pid>") go at the next run.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace nnplug {

class RunDirectory {
 public:
  explicit RunDirectory(std::filesystem::path dir) : dir_(std::move(dir)) {}
  const std::filesystem::path& path() const { return dir_; }

  // The files a run writes, by name within the directory (run.json last).
  static const std::vector<std::string>& file_names();
  static constexpr const char* manifest_name = "run.json";

  // The checks before training; each throws an Error naming output.dir and what to do.
  // Neither writes anything that stays.
  void check_usable() const;                                            // a directory (or creatable), writable
  void check_not_inputs(const std::vector<std::filesystem::path>& inputs) const;
  void check_no_previous_run(bool overwrite) const;                     // --overwrite replaces it
  void check_space(std::uintmax_t bytes_needed) const;                  // free space and the file-size limit

  // Right before the first batch: creates the directory, removes stale temporary files,
  // and with overwrite the previous run's files (its manifest first).
  void prepare(bool overwrite) const;
  // The last write of a run: {"status": "complete" or "interrupted", "epochs": the epoch
  // the weights and history end with, "files", "class_names": the word of each class index
  // when the labels were words}.
  void write_manifest(const std::string& status, int epochs, const std::vector<std::string>& files,
                      const std::vector<std::string>& class_names) const;

 private:
  std::vector<std::string> previous_run_files() const;
  std::filesystem::path dir_;
};

}  // namespace nnplug
