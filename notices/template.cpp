// template.cpp: see template.hpp. A line-based parser into a tree of nodes, checked against
// the schema while it is built, and a recursive renderer.
//
// Promises: the parser reads each line once; errors carry the file name and line number.
#include "notices/template.hpp"

#include <algorithm>

namespace obrd {

namespace {

using Node = Template::Node;

bool valid_name(std::string_view n) {
    if (n.empty() || !(n[0] >= 'a' && n[0] <= 'z')) return false;
    return std::all_of(n.begin(), n.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    });
}

bool blank(std::string_view s) {
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
}

struct Tag {
    char sigil = 0;  // 0 (value), '#', '^', '/', '!'
    std::string name;
    std::size_t begin = 0, end = 0;  // in the line, "{{" to after "}}"
};

struct Frame {
    Node* node;            // the section node (nullptr at the top)
    std::string name;      // the section's name
    std::size_t line = 0;  // where it was opened
    const Schema* schema;  // names visible from here (innermost list first)
};

class Parser {
  public:
    Parser(std::string_view name, const Schema& schema) : name_(name) {
        stack_.push_back({nullptr, "", 0, &schema});
    }

    void line(std::string_view text, std::size_t no, bool last) {
        line_no_ = no;
        // Find the tags of the line first: a standalone control tag removes the line.
        std::vector<Tag> tags;
        std::size_t pos = 0;
        while ((pos = text.find("{{", pos)) != std::string_view::npos) {
            const auto close = text.find("}}", pos + 2);
            if (close == std::string_view::npos) {
                fail("\"{{\" without \"}}\" on the same line");
                return;
            }
            Tag t;
            t.begin = pos;
            t.end = close + 2;
            std::string_view inner = text.substr(pos + 2, close - pos - 2);
            if (!inner.empty() &&
                (inner[0] == '#' || inner[0] == '^' || inner[0] == '/' || inner[0] == '!')) {
                t.sigil = inner[0];
                inner.remove_prefix(1);
            }
            while (!inner.empty() && inner.front() == ' ') inner.remove_prefix(1);
            while (!inner.empty() && inner.back() == ' ') inner.remove_suffix(1);
            t.name = std::string(inner);
            tags.push_back(std::move(t));
            pos = close + 2;
        }
        const bool standalone = tags.size() == 1 && tags[0].sigil != 0 &&
                                blank(text.substr(0, tags[0].begin)) &&
                                blank(text.substr(tags[0].end));
        if (standalone) {
            tag(tags[0]);
            return;
        }
        std::size_t at = 0;
        for (const auto& t : tags) {
            add_text(text.substr(at, t.begin - at));
            tag(t);
            at = t.end;
        }
        add_text(text.substr(at));
        if (!last) add_text("\n");
    }

    std::vector<Node> finish() {
        while (stack_.size() > 1) {
            errors_.push_back(std::string(name_) + ":" + std::to_string(stack_.back().line) +
                              ": {{#" + stack_.back().name + "}} is never closed");
            stack_.pop_back();
        }
        return std::move(top_);
    }

    std::vector<std::string> errors_;

  private:
    void fail(const std::string& m) {
        errors_.push_back(std::string(name_) + ":" + std::to_string(line_no_) + ": " + m);
    }

    std::vector<Node>& current() {
        return stack_.back().node ? stack_.back().node->children : top_;
    }

    void add_text(std::string_view s) {
        if (s.empty()) return;
        auto& nodes = current();
        if (!nodes.empty() && nodes.back().type == Node::Type::text) {
            nodes.back().text += s;
        } else {
            Node n;
            n.text = std::string(s);
            nodes.push_back(std::move(n));
        }
    }

    // The schema of a list visible from here, or nullptr; sets `is_value` for values.
    const Schema* lookup(const std::string& n, bool& known, bool& is_list) const {
        known = is_list = false;
        for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
            const Schema& s = *it->schema;
            if (auto l = s.lists.find(n); l != s.lists.end()) {
                known = is_list = true;
                return &l->second;
            }
            if (std::find(s.values.begin(), s.values.end(), n) != s.values.end()) {
                known = true;
                return nullptr;
            }
        }
        return nullptr;
    }

    void tag(const Tag& t) {
        if (t.sigil == '!') return;
        if (!valid_name(t.name)) {
            fail("\"" + t.name + "\" is not a placeholder name (letters a-z, digits, _)");
            return;
        }
        bool known = false, is_list = false;
        const Schema* list = lookup(t.name, known, is_list);
        if (t.sigil == '/') {
            if (stack_.size() == 1 || stack_.back().name != t.name) {
                fail("{{/" + t.name + "}} closes no open section" +
                     (stack_.size() > 1 ? " (open: {{#" + stack_.back().name + "}})"
                                        : std::string()));
                return;
            }
            stack_.pop_back();
            return;
        }
        if (!known) {
            fail("unknown placeholder {{" + t.name + "}}");
            return;
        }
        Node n;
        n.text = t.name;
        if (t.sigil == 0) {
            if (is_list) {
                fail("{{" + t.name + "}} is a list: use {{#" + t.name + "}}...{{/" + t.name + "}}");
                return;
            }
            n.type = Node::Type::value;
            current().push_back(std::move(n));
            return;
        }
        n.type = t.sigil == '#' ? Node::Type::section : Node::Type::inverted;
        auto& nodes = current();
        nodes.push_back(std::move(n));
        const Schema* inner = (is_list && t.sigil == '#') ? list : stack_.back().schema;
        stack_.push_back({&nodes.back(), t.name, line_no_, inner});
    }

    std::string_view name_;
    std::size_t line_no_ = 0;
    std::vector<Node> top_;
    std::vector<Frame> stack_;
};

struct Scope {
    const Values* values;
    const Scope* parent;
};

const std::string* find_value(const Scope* s, const std::string& n) {
    for (; s; s = s->parent) {
        if (auto it = s->values->values.find(n); it != s->values->values.end()) return &it->second;
        if (s->values->lists.count(n)) return nullptr;
    }
    return nullptr;
}

const std::vector<Values>* find_list(const Scope* s, const std::string& n) {
    for (; s; s = s->parent) {
        if (auto it = s->values->lists.find(n); it != s->values->lists.end()) return &it->second;
        if (s->values->values.count(n)) return nullptr;
    }
    return nullptr;
}

bool uses_name(const std::vector<Node>& nodes, std::string_view name) {
    for (const auto& n : nodes)
        if ((n.type != Node::Type::text && n.text == name) || uses_name(n.children, name))
            return true;
    return false;
}

void render_nodes(const std::vector<Node>& nodes, const Scope* scope, std::string& out) {
    for (const auto& n : nodes) {
        switch (n.type) {
            case Node::Type::text:
                out += n.text;
                break;
            case Node::Type::value:
                if (const auto* v = find_value(scope, n.text)) out += *v;
                break;
            case Node::Type::section:
                if (const auto* list = find_list(scope, n.text)) {
                    for (const auto& item : *list) {
                        const Scope inner{&item, scope};
                        render_nodes(n.children, &inner, out);
                    }
                } else if (const auto* v = find_value(scope, n.text); v && !v->empty()) {
                    render_nodes(n.children, scope, out);
                }
                break;
            case Node::Type::inverted: {
                const auto* list = find_list(scope, n.text);
                const auto* v = find_value(scope, n.text);
                const bool empty = list ? list->empty() : (!v || v->empty());
                if (empty) render_nodes(n.children, scope, out);
                break;
            }
        }
    }
}

}  // namespace

Template Template::parse(std::string_view name, std::string_view text, const Schema& schema,
                         std::size_t first_line) {
    Parser p(name, schema);
    std::size_t no = first_line;
    while (true) {
        const auto nl = text.find('\n');
        if (nl == std::string_view::npos) {
            if (!text.empty()) p.line(text, no, true);
            break;
        }
        p.line(text.substr(0, nl), no, false);
        text.remove_prefix(nl + 1);
        ++no;
    }
    Template t;
    t.nodes_ = p.finish();
    if (!p.errors_.empty()) {
        std::string msg;
        for (const auto& e : p.errors_) msg += (msg.empty() ? "" : "\n") + e;
        throw TemplateError(msg);
    }
    return t;
}

std::string Template::render(const Values& values) const {
    std::string out;
    const Scope top{&values, nullptr};
    render_nodes(nodes_, &top, out);
    return out;
}

bool Template::uses(std::string_view name) const {
    return uses_name(nodes_, name);
}

}  // namespace obrd
