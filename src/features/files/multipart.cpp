#include "features/files/multipart.hpp"

#include <algorithm>
#include <cctype>

namespace chatter::files {

namespace {

constexpr size_t kMaxHeaderBlock = size_t{8} * 1024;
constexpr size_t kMaxBoundary = 70;

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
        text.remove_suffix(1);
    }
    return text;
}

// The value of `key` in a `; key=value; key="quoted"` parameter list.
std::optional<std::string> parameter(std::string_view params, std::string_view key) {
    size_t pos = 0;
    while (pos < params.size()) {
        const size_t semi = params.find(';', pos);
        if (semi == std::string_view::npos) {
            return std::nullopt;
        }
        pos = semi + 1;
        std::string_view rest = trim(params.substr(pos));
        const size_t eq = rest.find('=');
        if (eq == std::string_view::npos) {
            continue;
        }
        const bool match = lower(trim(rest.substr(0, eq))) == key;
        std::string_view value = rest.substr(eq + 1);
        std::string out;
        if (!value.empty() && value.front() == '"') {
            size_t i = 1;
            for (; i < value.size() && value[i] != '"'; ++i) {
                if (value[i] == '\\' && i + 1 < value.size()) {
                    ++i;
                }
                out += value[i];
            }
            pos = static_cast<size_t>(value.data() - params.data()) + std::min(i + 1, value.size());
        } else {
            out = std::string(trim(value.substr(0, value.find(';'))));
        }
        if (match) {
            return out;
        }
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string> multipart_boundary(std::string_view content_type) {
    const size_t semi = content_type.find(';');
    if (lower(trim(content_type.substr(0, semi))) != "multipart/form-data" || semi == std::string_view::npos) {
        return std::nullopt;
    }
    auto boundary = parameter(content_type, "boundary");
    if (!boundary || boundary->empty() || boundary->size() > kMaxBoundary) {
        return std::nullopt;
    }
    return boundary;
}

MultipartParser::MultipartParser(const std::string& boundary, Callbacks callbacks)
    : delimiter_("\r\n--" + boundary), callbacks_(std::move(callbacks)) {
    // The first delimiter may start the body without a preceding CRLF; pretending one was there
    // lets a single search handle both.
    buffer_ = "\r\n";
}

bool MultipartParser::feed(std::string_view bytes) {
    if (state_ == State::kFailed) {
        return false;
    }
    if (state_ == State::kDone) {
        return true;  // the epilogue is ignored
    }
    buffer_.append(bytes);
    while (step()) {
    }
    return state_ != State::kFailed;
}

// One transition; false when more input is needed (or the parser stopped).
bool MultipartParser::step() {
    switch (state_) {
        case State::kPreamble: {
            const size_t found = buffer_.find(delimiter_);
            if (found == std::string::npos) {
                // Keep a tail that may hold the start of a delimiter.
                if (buffer_.size() > delimiter_.size()) {
                    buffer_.erase(0, buffer_.size() - delimiter_.size());
                }
                return false;
            }
            buffer_.erase(0, found + delimiter_.size());
            state_ = State::kAfterDelimiter;
            return true;
        }
        case State::kAfterDelimiter: {
            if (buffer_.size() < 2) {
                return false;
            }
            if (buffer_.compare(0, 2, "--") == 0) {
                buffer_.clear();
                state_ = State::kDone;
                return false;
            }
            // Transport padding (spaces/tabs) may follow a delimiter before its CRLF.
            const size_t crlf = buffer_.find("\r\n");
            if (crlf == std::string::npos) {
                // The limits here and below fail as soon as the answer cannot change with more
                // input, so the outcome never depends on how the body was chunked.
                // Only a final '\r' (the start of the CRLF) may follow the padding.
                const size_t content = buffer_.find_first_not_of(" \t");
                const bool trailing_cr = content == buffer_.size() - 1 && buffer_.back() == '\r';
                if ((content != std::string::npos && !trailing_cr) || buffer_.size() > kMaxHeaderBlock + 2) {
                    state_ = State::kFailed;
                }
                return false;
            }
            if (crlf > kMaxHeaderBlock || buffer_.find_first_not_of(" \t") != crlf) {
                state_ = State::kFailed;
                return false;
            }
            buffer_.erase(0, crlf + 2);
            state_ = State::kHeaders;
            return true;
        }
        case State::kHeaders: {
            // A part with no headers starts directly with the blank line.
            if (buffer_.rfind("\r\n", 0) == 0) {
                buffer_.erase(0, 2);
                state_ = parse_headers({}) ? State::kBody : State::kFailed;
                return state_ == State::kBody;
            }
            const size_t end = buffer_.find("\r\n\r\n");
            if (end == std::string::npos) {
                if (buffer_.size() > kMaxHeaderBlock + 4) {
                    state_ = State::kFailed;
                }
                return false;
            }
            if (end > kMaxHeaderBlock || !parse_headers(std::string_view(buffer_).substr(0, end))) {
                state_ = State::kFailed;
                return false;
            }
            buffer_.erase(0, end + 4);
            state_ = State::kBody;
            return true;
        }
        case State::kBody: {
            const size_t found = buffer_.find(delimiter_);
            if (found == std::string::npos) {
                if (buffer_.size() > delimiter_.size()) {
                    const size_t emit = buffer_.size() - delimiter_.size();
                    callbacks_.part_data(std::string_view(buffer_).substr(0, emit));
                    buffer_.erase(0, emit);
                }
                return false;
            }
            if (found > 0) {
                callbacks_.part_data(std::string_view(buffer_).substr(0, found));
            }
            callbacks_.part_end();
            buffer_.erase(0, found + delimiter_.size());
            state_ = State::kAfterDelimiter;
            return true;
        }
        case State::kDone:
        case State::kFailed:
            return false;
    }
    return false;
}

bool MultipartParser::parse_headers(std::string_view block) {
    PartHeader header;
    bool disposition = false;
    while (!block.empty()) {
        const size_t eol = block.find("\r\n");
        const std::string_view line = block.substr(0, eol);
        block = eol == std::string_view::npos ? std::string_view{} : block.substr(eol + 2);
        const size_t colon = line.find(':');
        if (colon == std::string_view::npos) {
            return false;
        }
        if (lower(trim(line.substr(0, colon))) != "content-disposition") {
            continue;
        }
        const std::string_view value = trim(line.substr(colon + 1));
        if (lower(value.substr(0, value.find(';'))) != "form-data") {
            return false;
        }
        auto name = parameter(value, "name");
        if (!name) {
            return false;
        }
        header.name = std::move(*name);
        header.filename = parameter(value, "filename");
        disposition = true;
    }
    if (!disposition) {
        return false;
    }
    callbacks_.part_begin(header);
    return true;
}

}  // namespace chatter::files
