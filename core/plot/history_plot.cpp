#include <nnplug/plot/axis.hpp>
#include <nnplug/plot/history_plot.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

namespace nnplug {

namespace {

constexpr double panel_width = 480, panel_height = 300;
constexpr double margin_left = 72, margin_right = 18, margin_top = 34, margin_bottom = 46;
constexpr double legend_line = 20;
// Matplotlib's tab10: distinct for the first ten runs, then repeated.
constexpr const char* palette[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                   "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

std::string escaped(const std::string& text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", value);
  return buffer;
}

bool is_validation(const std::string& key) { return key.rfind("val_", 0) == 0; }

// Panels by quantity: loss first, learning_rate last, the rest alphabetically.
std::vector<std::string> quantities(const std::vector<PlotRun>& runs) {
  std::vector<std::string> names;
  for (const auto& run : runs)
    for (std::size_t c = 1; c < run.history.columns.size(); ++c) {
      const auto& key = run.history.columns[c];
      const std::string base = is_validation(key) ? key.substr(4) : key;
      if (std::find(names.begin(), names.end(), base) == names.end()) names.push_back(base);
    }
  const auto rank = [](const std::string& name) { return name == "loss" ? 0 : name == "learning_rate" ? 2 : 1; };
  std::sort(names.begin(), names.end(), [&](const auto& a, const auto& b) {
    return rank(a) != rank(b) ? rank(a) < rank(b) : a < b;
  });
  return names;
}

std::optional<std::size_t> column(const HistoryTable& table, const std::string& key) {
  const auto found = std::find(table.columns.begin(), table.columns.end(), key);
  if (found == table.columns.end()) return std::nullopt;
  return std::size_t(found - table.columns.begin());
}

// Calls visit(epoch, value) for every plotted point of `key` (epochs shown 1-based, as
// "Epoch 3/10" counts them); gaps (NaN) are passed as NaN.
template <class Visit>
void each_point(const HistoryTable& table, const std::string& key, Visit&& visit) {
  const auto c = column(table, key);
  if (!c) return;
  for (const auto& row : table.rows) visit(row[0] + 1.0, row[*c]);
}

class Panel {
 public:
  Panel(double x, double y, const std::string& quantity, const std::vector<PlotRun>& runs)
      : left_(x + margin_left), top_(y + margin_top), width_(panel_width - margin_left - margin_right),
        height_(panel_height - margin_top - margin_bottom), quantity_(quantity) {
    double low = INFINITY, high = -INFINITY, last_epoch = 1;
    bool positive = true;
    for (const auto& run : runs)
      for (const auto& key : {quantity, "val_" + quantity})
        each_point(run.history, key, [&](double epoch, double value) {
          last_epoch = std::max(last_epoch, epoch);
          if (!std::isfinite(value)) return;
          low = std::min(low, value), high = std::max(high, value), positive = positive && value > 0;
        });
    if (!std::isfinite(low)) low = high = 0.0;
    y_axis_ = quantity == "learning_rate" && positive && low > 0 ? log_axis(low, high) : linear_axis(low, high);
    x_axis_ = integer_axis(1.0, last_epoch);
  }

  void draw(std::string& svg, const std::vector<PlotRun>& runs) const {
    svg += "<g>\n<text x=\"" + number(left_ + width_ / 2) + "\" y=\"" + number(top_ - 12) +
           "\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">" + escaped(quantity_) +
           (y_axis_.log ? " (log scale)" : "") + "</text>\n";
    draw_axes(svg);
    for (std::size_t r = 0; r < runs.size(); ++r)
      for (const bool validation : {false, true})
        draw_series(svg, runs[r].history, validation ? "val_" + quantity_ : quantity_, palette[r % 10], validation);
    svg += "</g>\n";
  }

 private:
  double x(double epoch) const { return left_ + x_axis_.fraction(epoch) * width_; }
  double y(double value) const { return top_ + (1.0 - y_axis_.fraction(value)) * height_; }

  void draw_axes(std::string& svg) const {
    svg += "<rect x=\"" + number(left_) + "\" y=\"" + number(top_) + "\" width=\"" + number(width_) +
           "\" height=\"" + number(height_) + "\" fill=\"none\" stroke=\"#333\"/>\n";
    for (std::size_t i = 0; i < y_axis_.ticks.size(); ++i) {
      const std::string at = number(y(y_axis_.ticks[i]));
      svg += "<line x1=\"" + number(left_) + "\" x2=\"" + number(left_ + width_) + "\" y1=\"" + at + "\" y2=\"" + at +
             "\" stroke=\"#ddd\"/><text x=\"" + number(left_ - 6) + "\" y=\"" + at +
             "\" text-anchor=\"end\" dominant-baseline=\"middle\">" + y_axis_.labels[i] + "</text>\n";
    }
    for (std::size_t i = 0; i < x_axis_.ticks.size(); ++i) {
      const std::string at = number(x(x_axis_.ticks[i]));
      svg += "<line x1=\"" + at + "\" x2=\"" + at + "\" y1=\"" + number(top_ + height_) + "\" y2=\"" +
             number(top_ + height_ + 5) + "\" stroke=\"#333\"/><text x=\"" + at + "\" y=\"" +
             number(top_ + height_ + 18) + "\" text-anchor=\"middle\">" + x_axis_.labels[i] + "</text>\n";
    }
    svg += "<text x=\"" + number(left_ + width_ / 2) + "\" y=\"" + number(top_ + height_ + 38) +
           "\" text-anchor=\"middle\">epoch</text>\n";
    svg += "<text transform=\"translate(" + number(left_ - 56) + " " + number(top_ + height_ / 2) +
           ") rotate(-90)\" text-anchor=\"middle\">" + escaped(quantity_) + "</text>\n";
  }

  void draw_series(std::string& svg, const HistoryTable& table, const std::string& key, const char* colour,
                   bool dashed) const {
    std::string points, markers;
    const auto flush = [&] {
      if (!points.empty())
        svg += "<polyline fill=\"none\" stroke=\"" + std::string(colour) + "\" stroke-width=\"2\"" +
               (dashed ? " stroke-dasharray=\"6 4\"" : "") + " points=\"" + points + "\"/>\n";
      points.clear();
    };
    std::size_t count = 0;
    each_point(table, key, [&](double epoch, double value) {
      if (!std::isfinite(value)) return flush();
      const std::string at = number(x(epoch)) + "," + number(y(value));
      points += (points.empty() ? "" : " ") + at;
      markers += "<circle cx=\"" + number(x(epoch)) + "\" cy=\"" + number(y(value)) + "\" r=\"2.5\" fill=\"" +
                 (dashed ? std::string("white") : std::string(colour)) + "\" stroke=\"" + colour + "\"/>";
      ++count;
    });
    flush();
    if (count <= 60) svg += markers + "\n";  // dots show single epochs; too many would smear the line
  }

  double left_, top_, width_, height_;
  std::string quantity_;
  Axis x_axis_, y_axis_;
};

void draw_legend(std::string& svg, const std::vector<PlotRun>& runs, double width) {
  double y = 22;
  svg += "<g font-size=\"13\">\n";
  for (std::size_t r = 0; r < runs.size(); ++r, y += legend_line)
    svg += "<line x1=\"20\" x2=\"50\" y1=\"" + number(y) + "\" y2=\"" + number(y) + "\" stroke=\"" + palette[r % 10] +
           "\" stroke-width=\"3\"/><text x=\"58\" y=\"" + number(y) + "\" dominant-baseline=\"middle\">" +
           escaped(runs[r].name) + "</text>\n";
  svg += "<line x1=\"" + number(width - 250) + "\" x2=\"" + number(width - 220) +
         "\" y1=\"22\" y2=\"22\" stroke=\"#333\" stroke-width=\"2\"/><text x=\"" + number(width - 214) +
         "\" y=\"22\" dominant-baseline=\"middle\">training</text><line x1=\"" + number(width - 140) + "\" x2=\"" +
         number(width - 110) + "\" y1=\"22\" y2=\"22\" stroke=\"#333\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>" +
         "<text x=\"" + number(width - 104) + "\" y=\"22\" dominant-baseline=\"middle\">validation</text>\n</g>\n";
}

}  // namespace

std::string plot_histories(const std::vector<PlotRun>& runs) {
  const auto names = quantities(runs);
  const std::size_t columns = names.size() > 1 ? 2 : 1;
  const std::size_t rows = (names.size() + columns - 1) / columns;
  const double legend_height = 12 + legend_line * double(std::max<std::size_t>(1, runs.size()));
  const double width = panel_width * double(columns), height = legend_height + panel_height * double(rows);
  std::string svg = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
                    number(width) + "\" height=\"" + number(height) + "\" viewBox=\"0 0 " + number(width) + " " +
                    number(height) + "\" font-family=\"sans-serif\" font-size=\"12\" fill=\"#222\">\n" +
                    "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  draw_legend(svg, runs, width);
  for (std::size_t i = 0; i < names.size(); ++i)
    Panel(panel_width * double(i % columns), legend_height + panel_height * double(i / columns), names[i], runs)
        .draw(svg, runs);
  return svg + "</svg>\n";
}

}  // namespace nnplug
