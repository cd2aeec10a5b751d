#pragma once

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

struct redisAsyncContext;
struct redisReply;

namespace products::adapters::redis {

// One hiredis asynchronous connection (redisAsyncContext), driven by Asio: hiredis's
// addRead/delRead/addWrite/delWrite/cleanup hooks become waits on the socket as a
// posix::stream_descriptor. Every call, hook and event runs on the one strand it is given.
//
// hiredis frees the context by itself when the connection fails (refused, reset, EOF); its cleanup
// hook tells this wrapper, which then owns nothing. Otherwise close() or the destructor frees it.
class AsyncRedisContext : public std::enable_shared_from_this<AsyncRedisContext> {
 public:
  struct Events {
    std::function<void()> connected;
    // One per command, in command order; null when the connection ended before the answer.
    std::function<void(const redisReply*)> reply;
    // hiredis dropped the connection; posted, so it runs after every pending reply got its null.
    std::function<void(std::string error)> closed;
  };

  // Starts a non-blocking connect. Throws domain::Error(Unavailable) when it fails at once.
  static std::shared_ptr<AsyncRedisContext> connect(boost::asio::any_io_executor strand, const std::string& host,
                                                    int port, Events events);

  AsyncRedisContext(const AsyncRedisContext&) = delete;
  AsyncRedisContext& operator=(const AsyncRedisContext&) = delete;
  ~AsyncRedisContext();

  // Queues a command; false when the connection is gone or going.
  bool command(std::span<const std::string_view> args);
  // Frees the connection now, without any further event: replies still pending are never reported.
  void close() noexcept;

 private:
  AsyncRedisContext(boost::asio::any_io_executor strand, redisAsyncContext* context, Events events);

  static void on_connect(const redisAsyncContext* context, int status);
  static void on_reply(redisAsyncContext* context, void* reply, void* self);
  static void add_read(void* self);
  static void del_read(void* self);
  static void add_write(void* self);
  static void del_write(void* self);
  static void cleanup(void* self);

  void wait_readable();
  void schedule_write();
  void on_readable(boost::system::error_code ec);
  void on_writable(boost::system::error_code ec);
  void released() noexcept;

  boost::asio::any_io_executor strand_;
  redisAsyncContext* context_;  // null once freed, by hiredis or by close()
  boost::asio::posix::stream_descriptor socket_;
  Events events_;
  bool connected_ = false;
  bool want_read_ = false;
  bool read_waiting_ = false;
  bool want_write_ = false;
  bool write_scheduled_ = false;
  bool writing_ = false;
};

}  // namespace products::adapters::redis
