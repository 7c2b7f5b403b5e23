// Transformation functions: apply/compose/transform/diff, and the TP1 property over random pairs.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <random>

#include "core/error.hpp"
#include "features/docs/text_op.hpp"
#include "features/messages/test_support.hpp"

namespace chatter::docs {
namespace {

using messages::testing::code_of;

std::u16string u(const char* text) {
    return from_utf8(text);
}

TextOp parse(const char* text) {
    return op_from_json(boost::json::parse(text));
}

TEST(TextOp, ApplyRetainInsertDelete) {
    EXPECT_EQ(apply_op(u("hello"), parse(R"([5, " world"])")), u("hello world"));
    EXPECT_EQ(apply_op(u("hello"), parse(R"([-1, "H", 4])")), u("Hello"));
    EXPECT_EQ(code_of([] { apply_op(u("hello"), parse(R"([4, "x"])")); }), "invalid_op");
    EXPECT_EQ(code_of([] { parse(R"([0])"); }), "invalid_op");
    EXPECT_EQ(code_of([] { parse(R"({"a": 1})"); }), "invalid_op");
    EXPECT_EQ(code_of([] { parse(R"([1.5])"); }), "invalid_op");
}

TEST(TextOp, CountsUtf16UnitsAndRefusesSplitSurrogates) {
    const auto text =
        u("a\xF0\x9F\x98\x80"
          "b");  // a😀b
    EXPECT_EQ(text.size(), 4U);
    EXPECT_EQ(apply_op(text, parse(R"([3, "!", 1])")), u("a\xF0\x9F\x98\x80!b"));
    EXPECT_EQ(code_of([&] { apply_op(text, parse(R"([2, "!", 2])")); }), "invalid_op");
    EXPECT_EQ(
        to_utf8(text),
        "a\xF0\x9F\x98\x80"
        "b"
    );
    EXPECT_EQ(code_of([] { from_utf8("\xC3"); }), "invalid_field");
}

TEST(TextOp, BuildersAreCanonical) {
    TextOp a;
    a.retain(2).remove(1).insert(u("x")).retain(0).retain(3);
    TextOp b;
    b.retain(2).insert(u("x")).remove(1).retain(3);
    EXPECT_EQ(a, b);
    EXPECT_EQ(boost::json::serialize(op_to_json(a)), R"([2,"x",-1,3])");
}

TEST(TextOp, TransformKeepsBothInsertsAcceptedFirst) {
    const auto accepted = parse(R"([1, "A", 2])");
    const auto incoming = parse(R"([1, "B", 2])");
    const auto [a_prime, b_prime] = transform(accepted, incoming);
    EXPECT_EQ(apply_op(apply_op(u("xyz"), accepted), b_prime), u("xAByz"));
    EXPECT_EQ(apply_op(apply_op(u("xyz"), incoming), a_prime), u("xAByz"));
}

TEST(TextOp, DiffProducesTheTarget) {
    EXPECT_EQ(apply_op(u("hello world"), diff(u("hello world"), u("hello brave world"))), u("hello brave world"));
    EXPECT_EQ(apply_op(u("aaa"), diff(u("aaa"), u("aa"))), u("aa"));
    EXPECT_EQ(apply_op(u(""), diff(u(""), u("new"))), u("new"));
    EXPECT_TRUE(diff(u("same"), u("same")).is_noop());
}

/// A random op over `length` units; inserts draw from a small alphabet so positions collide.
TextOp random_op(std::mt19937& rng, int64_t length) {
    TextOp op;
    int64_t left = length;
    std::uniform_int_distribution<int> kind(0, 3);
    while (left > 0) {
        const int64_t n = std::uniform_int_distribution<int64_t>(1, std::min<int64_t>(left, 4))(rng);
        switch (kind(rng)) {
            case 0:
                op.remove(n);
                left -= n;
                break;
            case 1: {
                std::u16string text;
                for (int64_t i = 0; i < n; ++i) {
                    text.push_back(static_cast<char16_t>(u'a' + rng() % 3));
                }
                op.insert(text);
                break;
            }
            default:
                op.retain(n);
                left -= n;
        }
    }
    if (rng() % 2 == 0) {
        op.insert(u"z");
    }
    return op;
}

std::u16string random_text(std::mt19937& rng) {
    std::u16string text;
    const auto length = rng() % 20;
    for (size_t i = 0; i < length; ++i) {
        text.push_back(static_cast<char16_t>(u'k' + rng() % 5));
    }
    return text;
}

TEST(TextOp, Tp1HoldsForRandomPairs) {
    std::mt19937 rng(20261125);
    for (int i = 0; i < 5000; ++i) {
        const auto text = random_text(rng);
        const auto a = random_op(rng, static_cast<int64_t>(text.size()));
        const auto b = random_op(rng, static_cast<int64_t>(text.size()));
        const auto [a_prime, b_prime] = transform(a, b);
        ASSERT_EQ(apply_op(apply_op(text, a), b_prime), apply_op(apply_op(text, b), a_prime)) << "pair " << i;
    }
}

TEST(TextOp, ComposeEqualsSequentialApplication) {
    std::mt19937 rng(7);
    for (int i = 0; i < 3000; ++i) {
        const auto text = random_text(rng);
        const auto a = random_op(rng, static_cast<int64_t>(text.size()));
        const auto after_a = apply_op(text, a);
        const auto b = random_op(rng, static_cast<int64_t>(after_a.size()));
        ASSERT_EQ(apply_op(text, compose(a, b)), apply_op(after_a, b)) << "pair " << i;
    }
}

}  // namespace
}  // namespace chatter::docs
