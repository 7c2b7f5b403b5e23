#pragma once
// The sockets in one room. Most rooms have one member (every socket's own-id room, the user room
// of someone with one tab), so one member is kept inline and a hash set is made only for a
// second: a one-member hash set (bucket array and node) costs about 0.2 KiB per room.

#include <cstddef>
#include <memory>
#include <unordered_set>

namespace chatter::socketio {

template <typename Member>
class RoomMembers {
  public:
    void insert(Member* member) {
        if (many_) {
            many_->insert(member);
        } else if (single_ == nullptr || single_ == member) {
            single_ = member;
        } else {
            many_ = std::make_unique<std::unordered_set<Member*>>(std::initializer_list<Member*>{single_, member});
            single_ = nullptr;
        }
    }

    void erase(Member* member) {
        if (!many_) {
            if (single_ == member) {
                single_ = nullptr;
            }
            return;
        }
        many_->erase(member);
        if (many_->size() == 1) {
            single_ = *many_->begin();
            many_.reset();
        } else if (many_->empty()) {
            many_.reset();
        }
    }

    bool empty() const { return single_ == nullptr && !many_; }

    size_t size() const { return many_ ? many_->size() : (single_ != nullptr ? 1 : 0); }

    bool contains(Member* member) const { return many_ ? many_->contains(member) : single_ == member; }

    /// Calls `visit(Member*)` for each member, in no particular order.
    template <typename Visit>
    void for_each(Visit&& visit) const {
        if (many_) {
            for (Member* member : *many_) {
                visit(member);
            }
        } else if (single_ != nullptr) {
            visit(single_);
        }
    }

  private:
    Member* single_ = nullptr;  // the only member while `many_` is empty
    std::unique_ptr<std::unordered_set<Member*>> many_;
};

}  // namespace chatter::socketio
