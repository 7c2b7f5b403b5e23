#include "features/docs/text_op.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <optional>

#include "core/error.hpp"

namespace chatter::docs {

namespace json = boost::json;
using Kind = OpComponent::Kind;

namespace {

Error invalid_op(const std::string& why) {
    return Error(Errc::kBadRequest, "Invalid operation: " + why + ".", "invalid_op");
}

bool is_high(char16_t c) {
    return c >= 0xD800 && c <= 0xDBFF;
}
bool is_low(char16_t c) {
    return c >= 0xDC00 && c <= 0xDFFF;
}

/// Walks an op's components, handing out pieces of at most a requested length.
class Cursor {
  public:
    explicit Cursor(const TextOp& op) : ops_(op.components()) {}

    bool done() const { return index_ >= ops_.size(); }
    Kind kind() const { return ops_[index_].kind; }
    int64_t left() const { return ops_[index_].count - offset_; }

    /// The next `n` units (n ≤ left()) of the current component; advances.
    std::u16string_view take_text(int64_t n) {
        std::u16string_view text(ops_[index_].text);
        auto piece = text.substr(static_cast<size_t>(offset_), static_cast<size_t>(n));
        advance(n);
        return piece;
    }
    void advance(int64_t n) {
        offset_ += n;
        if (offset_ >= ops_[index_].count) {
            ++index_;
            offset_ = 0;
        }
    }

  private:
    const std::vector<OpComponent>& ops_;
    size_t index_ = 0;
    int64_t offset_ = 0;
};

}  // namespace

TextOp& TextOp::retain(int64_t n) {
    if (n <= 0) {
        return *this;
    }
    base_length_ += n;
    target_length_ += n;
    if (!components_.empty() && components_.back().kind == Kind::kRetain) {
        components_.back().count += n;
    } else {
        components_.push_back(OpComponent{Kind::kRetain, n, {}});
    }
    return *this;
}

TextOp& TextOp::insert(std::u16string_view text) {
    if (text.empty()) {
        return *this;
    }
    const auto n = static_cast<int64_t>(text.size());
    target_length_ += n;
    auto append_to = [&](OpComponent& component) {
        component.text.append(text);
        component.count += n;
    };
    const size_t size = components_.size();
    if (size > 0 && components_.back().kind == Kind::kInsert) {
        append_to(components_.back());
    } else if (size > 0 && components_.back().kind == Kind::kDelete) {
        // Canonical order is insert before delete, so the same edit always looks the same.
        if (size > 1 && components_[size - 2].kind == Kind::kInsert) {
            append_to(components_[size - 2]);
        } else {
            components_.insert(components_.end() - 1, OpComponent{Kind::kInsert, n, std::u16string(text)});
        }
    } else {
        components_.push_back(OpComponent{Kind::kInsert, n, std::u16string(text)});
    }
    return *this;
}

TextOp& TextOp::remove(int64_t n) {
    if (n <= 0) {
        return *this;
    }
    base_length_ += n;
    if (!components_.empty() && components_.back().kind == Kind::kDelete) {
        components_.back().count += n;
    } else {
        components_.push_back(OpComponent{Kind::kDelete, n, {}});
    }
    return *this;
}

bool TextOp::is_noop() const {
    return components_.empty() || (components_.size() == 1 && components_[0].kind == Kind::kRetain);
}

bool TextOp::operator==(const TextOp& other) const {
    if (components_.size() != other.components_.size()) {
        return false;
    }
    for (size_t i = 0; i < components_.size(); ++i) {
        const auto& a = components_[i];
        const auto& b = other.components_[i];
        if (a.kind != b.kind || a.count != b.count || a.text != b.text) {
            return false;
        }
    }
    return true;
}

std::u16string apply_op(const std::u16string& text, const TextOp& op) {
    if (op.base_length() != static_cast<int64_t>(text.size())) {
        throw invalid_op(
            "it applies to a text of length " + std::to_string(op.base_length()) + " but the document has " +
            std::to_string(text.size())
        );
    }
    auto check_boundary = [&](size_t pos) {
        if (pos > 0 && pos < text.size() && is_high(text[pos - 1]) && is_low(text[pos])) {
            throw invalid_op("it splits a surrogate pair");
        }
    };
    std::u16string out;
    out.reserve(static_cast<size_t>(op.target_length()));
    size_t pos = 0;
    for (const auto& component : op.components()) {
        check_boundary(pos);
        switch (component.kind) {
            case Kind::kRetain:
                out.append(text, pos, static_cast<size_t>(component.count));
                pos += static_cast<size_t>(component.count);
                break;
            case Kind::kInsert:
                out.append(component.text);
                break;
            case Kind::kDelete:
                pos += static_cast<size_t>(component.count);
                break;
        }
    }
    check_boundary(pos);
    return out;
}

std::pair<TextOp, TextOp> transform(const TextOp& a, const TextOp& b) {
    if (a.base_length() != b.base_length()) {
        throw invalid_op("both operations must apply to the same revision");
    }
    TextOp a_prime;
    TextOp b_prime;
    Cursor x(a);
    Cursor y(b);
    while (!x.done() || !y.done()) {
        if (!x.done() && x.kind() == Kind::kInsert) {
            const auto text = x.take_text(x.left());
            a_prime.insert(text);
            b_prime.retain(static_cast<int64_t>(text.size()));
            continue;
        }
        if (!y.done() && y.kind() == Kind::kInsert) {
            const auto text = y.take_text(y.left());
            a_prime.retain(static_cast<int64_t>(text.size()));
            b_prime.insert(text);
            continue;
        }
        if (x.done() || y.done()) {
            throw invalid_op("the operations have different lengths");
        }
        const int64_t n = std::min(x.left(), y.left());
        const Kind kx = x.kind();
        const Kind ky = y.kind();
        x.advance(n);
        y.advance(n);
        if (kx == Kind::kRetain && ky == Kind::kRetain) {
            a_prime.retain(n);
            b_prime.retain(n);
        } else if (kx == Kind::kDelete && ky == Kind::kRetain) {
            a_prime.remove(n);
        } else if (kx == Kind::kRetain && ky == Kind::kDelete) {
            b_prime.remove(n);
        }
        // delete/delete: both removed the same text; neither op needs to.
    }
    return {std::move(a_prime), std::move(b_prime)};
}

TextOp compose(const TextOp& a, const TextOp& b) {
    if (a.target_length() != b.base_length()) {
        throw invalid_op("the second operation must apply to the result of the first");
    }
    TextOp out;
    Cursor x(a);
    Cursor y(b);
    while (!x.done() || !y.done()) {
        if (!x.done() && x.kind() == Kind::kDelete) {
            out.remove(x.left());
            x.advance(x.left());
            continue;
        }
        if (!y.done() && y.kind() == Kind::kInsert) {
            out.insert(y.take_text(y.left()));
            continue;
        }
        if (x.done() || y.done()) {
            throw invalid_op("the operations have incompatible lengths");
        }
        const int64_t n = std::min(x.left(), y.left());
        const Kind ky = y.kind();
        if (x.kind() == Kind::kInsert) {
            const auto text = x.take_text(n);
            if (ky == Kind::kRetain) {
                out.insert(text);
            }
        } else {
            x.advance(n);
            if (ky == Kind::kRetain) {
                out.retain(n);
            } else {
                out.remove(n);
            }
        }
        y.advance(n);
    }
    return out;
}

TextOp diff(const std::u16string& before, const std::u16string& after) {
    size_t prefix = 0;
    const size_t limit = std::min(before.size(), after.size());
    while (prefix < limit && before[prefix] == after[prefix]) {
        ++prefix;
    }
    size_t suffix = 0;
    while (suffix < limit - prefix && before[before.size() - 1 - suffix] == after[after.size() - 1 - suffix]) {
        ++suffix;
    }
    // Never cut between the halves of a surrogate pair.
    // Never cut between the halves of a surrogate pair (the prefix and suffix are equal in both
    // texts, so checking one side suffices).
    if (prefix > 0 && is_high(before[prefix - 1])) {
        --prefix;
    }
    if (suffix > 0 && is_low(before[before.size() - suffix])) {
        --suffix;
    }
    TextOp op;
    op.retain(static_cast<int64_t>(prefix));
    op.insert(std::u16string_view(after).substr(prefix, after.size() - prefix - suffix));
    op.remove(static_cast<int64_t>(before.size() - prefix - suffix));
    op.retain(static_cast<int64_t>(suffix));
    return op;
}

TextOp op_from_json(const json::value& value) {
    if (!value.is_array()) {
        throw invalid_op("'op' must be an array");
    }
    TextOp op;
    for (const auto& item : value.as_array()) {
        if (item.is_string()) {
            if (item.get_string().empty()) {
                throw invalid_op("an insert must not be empty");
            }
            op.insert(from_utf8(item.get_string()));
        } else if (item.is_int64() || item.is_uint64()) {
            const auto n = item.is_int64() ? item.get_int64() : static_cast<int64_t>(item.get_uint64());
            if (n == 0) {
                throw invalid_op("0 is neither a retain nor a delete");
            }
            if (n > 0) {
                op.retain(n);
            } else {
                op.remove(-n);
            }
        } else {
            throw invalid_op("components are integers or strings");
        }
    }
    return op;
}

json::value op_to_json(const TextOp& op) {
    json::array out;
    for (const auto& component : op.components()) {
        switch (component.kind) {
            case Kind::kRetain:
                out.emplace_back(component.count);
                break;
            case Kind::kInsert:
                out.emplace_back(to_utf8(component.text));
                break;
            case Kind::kDelete:
                out.emplace_back(-component.count);
                break;
        }
    }
    return out;
}

std::u16string from_utf8(std::string_view text) {
    std::u16string out;
    out.reserve(text.size());
    size_t i = 0;
    auto bad = [] { return Error(Errc::kBadRequest, "Text must be valid UTF-8.", "invalid_field"); };
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        char32_t cp = 0;
        int extra = 0;
        if (c < 0x80) {
            cp = c;
        } else if ((c & 0xE0) == 0xC0) {
            cp = c & 0x1F;
            extra = 1;
        } else if ((c & 0xF0) == 0xE0) {
            cp = c & 0x0F;
            extra = 2;
        } else if ((c & 0xF8) == 0xF0) {
            cp = c & 0x07;
            extra = 3;
        } else {
            throw bad();
        }
        if (i + static_cast<size_t>(extra) >= text.size()) {
            throw bad();
        }
        for (int k = 1; k <= extra; ++k) {
            const auto cc = static_cast<unsigned char>(text[i + static_cast<size_t>(k)]);
            if ((cc & 0xC0) != 0x80) {
                throw bad();
            }
            cp = (cp << 6) | (cc & 0x3F);
        }
        static constexpr char32_t kMin[] = {0, 0x80, 0x800, 0x10000};
        if (cp < kMin[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            throw bad();
        }
        i += static_cast<size_t>(extra) + 1;
        if (cp >= 0x10000) {
            cp -= 0x10000;
            out.push_back(static_cast<char16_t>(0xD800 + (cp >> 10)));
            out.push_back(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
        } else {
            out.push_back(static_cast<char16_t>(cp));
        }
    }
    return out;
}

std::string to_utf8(std::u16string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        char32_t cp = text[i];
        if (is_high(text[i]) && i + 1 < text.size() && is_low(text[i + 1])) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (text[i + 1] - 0xDC00);
            ++i;
        } else if (is_high(text[i]) || is_low(text[i])) {
            cp = 0xFFFD;  // a lone surrogate has no UTF-8 form
        }
        if (cp < 0x80) {
            out.push_back(static_cast<char>(cp));
        } else if (cp < 0x800) {
            out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else if (cp < 0x10000) {
            out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else {
            out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        }
    }
    return out;
}

}  // namespace chatter::docs
