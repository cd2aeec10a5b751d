#include "adapters/kafka/command_topics.hpp"

namespace products::adapters::kafka {

const std::string& CommandTopics::topic_for(domain::CommandType type) const noexcept {
  switch (type) {
    case domain::CommandType::Create: return create;
    case domain::CommandType::Update: return update;
    case domain::CommandType::Delete: return remove;
  }
  return create;
}

std::optional<domain::CommandType> CommandTopics::type_of(std::string_view topic) const noexcept {
  if (topic == create) return domain::CommandType::Create;
  if (topic == update) return domain::CommandType::Update;
  if (topic == remove) return domain::CommandType::Delete;
  return std::nullopt;
}

}  // namespace products::adapters::kafka
