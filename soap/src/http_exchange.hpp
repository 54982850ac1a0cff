#pragma once
// One HTTP request/response over a fresh TCP connection, or a kept-alive one from
// http_options::pool, under one deadline. Internal.
#include "igdkit/result.hpp"
#include "igdkit/soap/http_client.hpp"

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <cstdint>
#include <string>

namespace igdkit::soap::detail {

// Sends request (Host, User-Agent, Content-Length and, without a pool, Connection: close filled in) and reads the
// reply with Beast, which handles Content-Length, chunked and close-delimited bodies.
boost::asio::awaitable<result<http_reply>> exchange(const http_target& target,
                                                    boost::beast::http::request<boost::beast::http::string_body> request,
                                                    const http_options& options);

}  // namespace igdkit::soap::detail
