// template.hpp: the small template language of the notices (notices/templates/*.txt).
//
// Syntax (a subset of Mustache; every tag stays on one line):
//   {{name}}              the value of `name`, inserted as it is (plain text, no escaping)
//   {{#name}}...{{/name}} a section: for a list, once per item (inside it the item's names
//                         are visible, and the outer ones too); for a value, once when it is
//                         not empty
//   {{^name}}...{{/name}} an inverted section: once when the list or value is empty
//   {{! comment}}         nothing
// A line that holds only a section, closing or comment tag (and blanks) disappears whole,
// with its line end. Names are [a-z0-9_], starting with a letter.
//
// Promises: Template::parse() is pure and checks the whole text against a Schema (which
// names exist, which are lists and what their items hold), so a typo in a template is an
// error "file:line: message" at load time, never a blank in a sent notice.
// render() never fails: a name missing from the Values renders as empty.
#pragma once

#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace obrd {

class TemplateError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Which names a template may use: plain values, and lists with the names of their items.
struct Schema {
    std::vector<std::string> values;
    std::map<std::string, Schema> lists;
};

// The data a template is rendered with. Lookups that miss go to the parent.
struct Values {
    std::map<std::string, std::string> values;
    std::map<std::string, std::vector<Values>> lists;
    void set(const std::string& name, std::string value) { values[name] = std::move(value); }
    // Not `= on ? "1" : ""`: GCC 12 at -O3 warns -Wstringop-overflow on that assignment.
    void set_flag(const std::string& name, bool on) { values[name] = std::string(on ? 1 : 0, '1'); }
};

class Template {
  public:
    Template() = default;
    // `name` is used in errors ("name:line: message"); `first_line` is the line number of
    // the first line of `text` in its file. Throws TemplateError listing every problem.
    static Template parse(std::string_view name, std::string_view text, const Schema& schema,
                          std::size_t first_line = 1);
    std::string render(const Values& values) const;
    bool empty() const { return nodes_.empty(); }
    // True when the template names `name` anywhere (as a value or a section).
    bool uses(std::string_view name) const;

    struct Node {
        enum class Type { text, value, section, inverted } type = Type::text;
        std::string text;  // the text, or the name
        std::vector<Node> children;
    };

  private:
    std::vector<Node> nodes_;
};

}  // namespace obrd
