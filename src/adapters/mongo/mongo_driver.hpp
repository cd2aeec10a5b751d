#pragma once

namespace products::adapters::mongo {

// Process-wide libmongoc set-up: mongoc_init, and its log routed to spdlog instead of stderr.
// The application owns exactly one, outliving every pool; libmongoc cannot be initialised again
// after mongoc_cleanup, so a second instance in one process is refused (std::logic_error).
class MongoDriver {
 public:
  MongoDriver();
  ~MongoDriver();
  MongoDriver(const MongoDriver&) = delete;
  MongoDriver& operator=(const MongoDriver&) = delete;
};

}  // namespace products::adapters::mongo
