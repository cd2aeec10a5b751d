#include "adapters/redis/async_redis_context.hpp"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>
#include <fmt/format.h>
#include <hiredis/async.h>

#include "adapters/redis/redis_argv.hpp"
#include "domain/error.hpp"

namespace products::adapters::redis {

namespace net = boost::asio;

namespace {

AsyncRedisContext& of(void* self) { return *static_cast<AsyncRedisContext*>(self); }

}  // namespace

std::shared_ptr<AsyncRedisContext> AsyncRedisContext::connect(net::any_io_executor strand, const std::string& host,
                                                              int port, Events events) {
  auto* context = redisAsyncConnect(host.c_str(), port);
  if (!context) throw domain::Error::unavailable("redis: out of memory allocating a connection");
  if (context->err) {
    const std::string error = context->errstr;
    redisAsyncFree(context);
    throw domain::Error::unavailable(fmt::format("redis: cannot connect to {}:{}: {}", host, port, error));
  }
  std::shared_ptr<AsyncRedisContext> self;
  try {
    self.reset(new AsyncRedisContext(std::move(strand), context, std::move(events)));
  } catch (...) {
    redisAsyncFree(context);
    throw;
  }
  // The hooks take a reference to `self`, so they are attached only once a shared_ptr owns it.
  context->data = self.get();
  context->ev.data = self.get();
  context->ev.addRead = &AsyncRedisContext::add_read;
  context->ev.delRead = &AsyncRedisContext::del_read;
  context->ev.addWrite = &AsyncRedisContext::add_write;
  context->ev.delWrite = &AsyncRedisContext::del_write;
  context->ev.cleanup = &AsyncRedisContext::cleanup;
  // The first writable event tells that the connect completed (or failed).
  redisAsyncSetConnectCallback(context, &AsyncRedisContext::on_connect);
  return self;
}

AsyncRedisContext::AsyncRedisContext(net::any_io_executor strand, redisAsyncContext* context, Events events)
    : strand_(std::move(strand)), context_(context), socket_(strand_, context->c.fd), events_(std::move(events)) {}

AsyncRedisContext::~AsyncRedisContext() { close(); }

bool AsyncRedisContext::command(std::span<const std::string_view> args) {
  if (!context_) return false;
  RedisArgv argv(args);
  return redisAsyncCommandArgv(context_, &AsyncRedisContext::on_reply, this, argv.count(), argv.pointers(),
                               argv.lengths()) == REDIS_OK;
}

void AsyncRedisContext::close() noexcept {
  events_ = {};
  if (context_) redisAsyncFree(context_);  // its cleanup hook calls released()
}

void AsyncRedisContext::on_connect(const redisAsyncContext* context, int status) {
  // A failed connect is reported by the cleanup that follows it, with hiredis's error.
  if (status != REDIS_OK) return;
  auto& self = of(context->data);
  self.connected_ = true;
  if (self.events_.connected) self.events_.connected();
}

void AsyncRedisContext::on_reply(redisAsyncContext*, void* reply, void* self) {
  auto& context = of(self);
  if (context.events_.reply) context.events_.reply(static_cast<const redisReply*>(reply));
}

void AsyncRedisContext::add_read(void* self) {
  auto& context = of(self);
  context.want_read_ = true;
  if (!context.read_waiting_) context.wait_readable();
}

void AsyncRedisContext::del_read(void* self) { of(self).want_read_ = false; }

void AsyncRedisContext::add_write(void* self) {
  auto& context = of(self);
  context.want_write_ = true;
  context.schedule_write();
}

void AsyncRedisContext::del_write(void* self) { of(self).want_write_ = false; }

void AsyncRedisContext::cleanup(void* self) { of(self).released(); }

void AsyncRedisContext::wait_readable() {
  read_waiting_ = true;
  socket_.async_wait(net::posix::descriptor_base::wait_read,
                     net::bind_executor(strand_, [self = shared_from_this()](boost::system::error_code ec) {
                       self->on_readable(ec);
                     }));
}

void AsyncRedisContext::schedule_write() {
  if (write_scheduled_) return;
  write_scheduled_ = true;
  auto on_writable = [self = shared_from_this()](boost::system::error_code ec) { self->on_writable(ec); };
  if (connected_ && !writing_) {
    // A connected socket almost always has room: writing at the end of this strand turn sends every
    // command queued during it in one write, without a round trip through epoll.
    net::post(strand_, [on_writable = std::move(on_writable)] { on_writable({}); });
  } else {
    // Connecting (writable means the connect ended), or the last write left data behind.
    socket_.async_wait(net::posix::descriptor_base::wait_write, net::bind_executor(strand_, std::move(on_writable)));
  }
}

void AsyncRedisContext::on_readable(boost::system::error_code ec) {
  read_waiting_ = false;
  if (ec || !context_ || !want_read_) return;
  redisAsyncHandleRead(context_);  // re-adds the read hook, or frees the context on EOF/error
}

void AsyncRedisContext::on_writable(boost::system::error_code ec) {
  write_scheduled_ = false;
  if (ec || !context_ || !want_write_) return;
  writing_ = true;
  redisAsyncHandleWrite(context_);  // may free the context
  writing_ = false;
}

void AsyncRedisContext::released() noexcept {
  // hiredis calls cleanup more than once while it frees a context.
  if (!context_) return;
  const std::string error = context_->err ? context_->errstr : "connection closed";
  context_ = nullptr;
  socket_.release();  // hiredis closes the descriptor itself
  if (events_.closed) net::post(strand_, [closed = std::move(events_.closed), error] { closed(error); });
  events_.connected = nullptr;
}

}  // namespace products::adapters::redis
