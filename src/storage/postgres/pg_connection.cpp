#include "storage/postgres/pg_connection.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/error.hpp"

namespace chatter::storage::postgres {

namespace {

// Strict UTF-8 (no overlong forms, surrogates or code points past U+10FFFF), and no NUL: libpq
// passes text parameters as C strings, so a NUL would silently cut the text short.
bool storable_text(std::string_view text) {
    size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == 0) {
            return false;
        }
        if (c < 0x80) {
            ++i;
            continue;
        }
        int extra = 0;
        uint32_t code = 0;
        if ((c & 0xe0) == 0xc0) {
            extra = 1;
            code = c & 0x1f;
        } else if ((c & 0xf0) == 0xe0) {
            extra = 2;
            code = c & 0x0f;
        } else if ((c & 0xf8) == 0xf0) {
            extra = 3;
            code = c & 0x07;
        } else {
            return false;
        }
        if (i + static_cast<size_t>(extra) >= text.size()) {
            return false;
        }
        for (int k = 1; k <= extra; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xc0) != 0x80) {
                return false;
            }
            code = (code << 6) | (next & 0x3f);
        }
        constexpr uint32_t kMinByLength[] = {0, 0x80, 0x800, 0x10000};
        if (code < kMinByLength[extra] || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
            return false;
        }
        i += static_cast<size_t>(extra) + 1;
    }
    return true;
}

}  // namespace

PgConnection::PgConnection(const std::string& url) : conn_(url) {}

bool PgConnection::NoticeLog::operator()(const char message[]) noexcept {
    std::string_view text(message);
    while (!text.empty() && text.back() == '\n') {
        text.remove_suffix(1);
    }
    spdlog::debug("postgres: {}", text);
    return false;
}

const std::string& PgConnection::statement(std::string_view sql) {
    auto it = names_.find(std::string(sql));
    if (it == names_.end()) {
        // (Not "s" + std::to_string(...): g++ 12 at -O3 warns about it, a false -Wrestrict.)
        std::string name = fmt::format("s{}", names_.size());
        // libpqxx prepares lazily: the server sees the statement on its first execution.
        conn_.prepare(name, std::string(sql));
        it = names_.emplace(std::string(sql), std::move(name)).first;
    }
    return it->second;
}

bool Row::is_null(int column) const {
    return row_[column].is_null();
}

int64_t Row::column_int64(int column) const {
    return is_null(column) ? 0 : row_[column].as<int64_t>();
}

bool Row::column_bool(int column) const {
    if (is_null(column)) {
        return false;
    }
    const char* text = row_[column].c_str();
    if (text[0] == 't' || text[0] == 'f') {
        return text[0] == 't';
    }
    return row_[column].as<int64_t>() != 0;
}

std::string Row::column_text(int column) const {
    const auto& field = row_[column];
    return field.is_null() ? std::string() : std::string(field.c_str(), field.size());
}

std::optional<int64_t> Row::column_opt_int64(int column) const {
    if (is_null(column)) {
        return std::nullopt;
    }
    return column_int64(column);
}

std::optional<std::string> Row::column_opt_text(int column) const {
    if (is_null(column)) {
        return std::nullopt;
    }
    return column_text(column);
}

void Params::add(std::string_view text) {
    storable_ = storable_ && storable_text(text);
    values_.emplace_back(std::string(text));
}

std::vector<const char*> Params::pointers() const {
    std::vector<const char*> out;
    out.reserve(values_.size());
    for (const auto& value : values_) {
        out.push_back(value ? value->c_str() : nullptr);
    }
    return out;
}

pqxx::result Tx::exec_params(std::string_view sql, const Params& params) {
    if (!params.storable()) {
        if (read_only_) {
            return {};
        }
        throw Error(Errc::kBadRequest, "The text is not valid UTF-8 or contains a NUL character.", "invalid_text");
    }
    const auto pointers = params.pointers();
    return work_.exec_prepared(conn_.statement(sql), pqxx::prepare::make_dynamic_params(pointers));
}

std::string redact_url(const std::string& url) {
    const size_t scheme = url.find("://");
    if (scheme == std::string::npos) {
        return url;
    }
    const size_t authority = scheme + 3;
    const size_t at = url.find('@', authority);
    const size_t slash = url.find('/', authority);
    if (at == std::string::npos || (slash != std::string::npos && slash < at)) {
        return url;
    }
    const size_t colon = url.find(':', authority);
    if (colon == std::string::npos || colon > at) {
        return url;
    }
    return url.substr(0, colon + 1) + "***" + url.substr(at);
}

}  // namespace chatter::storage::postgres
