#pragma once
// Text operations in the ot.js model: a sequence of retain / insert / delete components that spans
// the whole document it applies to. Positions and lengths count UTF-16 code units, the unit of
// JavaScript strings, so browser clients need no conversion (docs/api-documents.md, "Operations").

#include <boost/json/value.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chatter::docs {

struct OpComponent {
    enum class Kind { kRetain, kInsert, kDelete };
    Kind kind = Kind::kRetain;
    int64_t count = 0;    // retain / delete length; the insert's length for kInsert
    std::u16string text;  // kInsert only
};

class TextOp {
  public:
    /// Builders merge with the previous component (and keep inserts before deletes, as ot.js does)
    /// so equal edits have one canonical form.
    TextOp& retain(int64_t n);
    TextOp& insert(std::u16string_view text);
    TextOp& remove(int64_t n);

    const std::vector<OpComponent>& components() const { return components_; }
    /// Length of the document this op applies to / produces.
    int64_t base_length() const { return base_length_; }
    int64_t target_length() const { return target_length_; }
    /// True when the op changes nothing.
    bool is_noop() const;

    bool operator==(const TextOp& other) const;

  private:
    std::vector<OpComponent> components_;
    int64_t base_length_ = 0;
    int64_t target_length_ = 0;
};

/// Applies `op` to `text`. Error(kBadRequest, "invalid_op") when the op's base length differs from
/// the text's length or a boundary splits a surrogate pair.
std::u16string apply_op(const std::u16string& text, const TextOp& op);

/// The ot.js transform: for concurrent `a` and `b` on the same document returns {a', b'} with
/// apply_op(apply_op(S, a), b') == apply_op(apply_op(S, b), a'). On inserts at the same position `a`'s text goes
/// first (the server passes the already-accepted op as `a`). Error(invalid_op) on length mismatch.
std::pair<TextOp, TextOp> transform(const TextOp& a, const TextOp& b);

/// One op with the effect of `a` then `b` (b.base_length == a.target_length).
TextOp compose(const TextOp& a, const TextOp& b);

/// The smallest single-region edit turning `before` into `after` (common prefix and suffix kept).
TextOp diff(const std::u16string& before, const std::u16string& after);

/// Parses the wire form: an array of positive ints (retain), strings (insert), negative ints
/// (delete). Error(kBadRequest, "invalid_op") on anything else.
TextOp op_from_json(const boost::json::value& value);
boost::json::value op_to_json(const TextOp& op);

/// UTF-8 ↔ UTF-16. from_utf8 throws Error(kBadRequest, "invalid_field") on invalid UTF-8.
std::u16string from_utf8(std::string_view text);
std::string to_utf8(std::u16string_view text);

}  // namespace chatter::docs
