#include "features/docs/doc_publish.hpp"

#include <boost/json.hpp>

#include <fstream>

#include "core/error.hpp"
#include "core/time.hpp"
#include "http/request_context.hpp"
#include "http/responses.hpp"

namespace chatter::docs {

namespace json = boost::json;
using boost::beast::http::verb;

storage::FileRecord publish(
    DocService& docs,
    files::FileService& files,
    const Principal& principal,
    int64_t doc_id,
    std::optional<int64_t> expires_in
) {
    docs.require_editor(principal, doc_id);
    const int64_t expires = files.expiry(expires_in);
    const auto doc = docs.get(principal, doc_id);
    const auto temp = files.new_temp_path();
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out.write(doc.content.data(), static_cast<std::streamsize>(doc.content.size()));
        if (!out.flush()) {
            std::error_code ignored;
            std::filesystem::remove(temp, ignored);
            throw Error(Errc::kInternal, "The document could not be written to file storage.");
        }
    }
    std::string name = doc.name;
    if (!name.ends_with(".md")) {
        name.append(".md");
    }
    return files.commit(principal, temp, name, expires);
}

void register_doc_publish_route(http::Router& router, DocService& docs, files::FileService& files) {
    router.add(verb::post, "/api/doc/:id/publish", [&docs, &files](http::RequestContext& context) {
        const auto& user = context.require_user();
        const auto file =
            publish(docs, files, user, context.id_param("id"), files::expires_in_from(context.json_body()));
        return http::ok_json(json::object{
            {"ok", true},
            {"url", files::file_url(file)},
            {"expires_at", format_iso(file.expires_at)},
            {"file", files::file_json(file)}});
    });
}

}  // namespace chatter::docs
