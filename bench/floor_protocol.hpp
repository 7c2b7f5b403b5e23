#pragma once
// The protocol half of floor_server: just the frames realtime_load sends (WebSocket transport,
// namespace "/", the events `join`, `message-with-ack` and `broadcast`), trusted, with no other
// work. The event loops (epoll and io_uring, floor_server.cpp) only move bytes: they feed what a
// socket read into `on_bytes` and write what it queued, the reader's own output first.

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace floor_bench {

struct FloorConnection {
    int fd = -1;
    std::string in;
    std::string out;  // queued, not yet handed to the kernel
    bool upgraded = false;
    bool in_room = false;
    bool dirty = false;  // listed in FloorProtocol::dirty()
};

class FloorProtocol {
  public:
    FloorConnection& add(int fd);
    FloorConnection* find(int fd);
    void remove(int fd);

    /// Consumes bytes read from `c`. Output goes to the `out` of every connection it concerns,
    /// each listed once in dirty(). Returns false when `c` must be closed.
    bool on_bytes(FloorConnection& c, std::string_view bytes);

    /// Connections with new output since the last clear_dirty(), in the order they got it.
    const std::vector<int>& dirty() const { return dirty_; }
    void clear_dirty();

  private:
    bool handshake(FloorConnection& c);
    bool frames(FloorConnection& c);
    void on_text(FloorConnection& c, std::string_view text);
    void send_text(FloorConnection& c, std::string_view text);

    std::unordered_map<int, std::unique_ptr<FloorConnection>> connections_;
    std::vector<int> dirty_;
};

}  // namespace floor_bench
