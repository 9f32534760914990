package dev.taskmill.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.taskmill.failure.FieldError;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Checks task params against a module's JSON Schema (draft 2020-12), compiled once per schema. */
@ApplicationScoped
public class ParamsValidator {

  private final JsonSchemaFactory factory =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
  private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();
  private final ObjectMapper json;

  ParamsValidator(ObjectMapper json) {
    this.json = json;
  }

  /** The problems with {@code params}, one per invalid field; empty when valid. */
  public List<FieldError> validate(String schemaText, JsonNode params) {
    if (schemaText == null) {
      return List.of();
    }
    JsonSchema schema =
        compiled.computeIfAbsent(
            schemaText,
            text -> {
              try {
                return factory.getSchema(json.readTree(text));
              } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("a module's stored params schema is not JSON", e);
              }
            });
    Set<ValidationMessage> messages = schema.validate(params);
    List<FieldError> errors = new ArrayList<>();
    for (ValidationMessage message : messages) {
      String where = message.getInstanceLocation().toString().replaceFirst("^\\$\\.?", "");
      String field = where.isEmpty() ? "params" : "params." + where;
      errors.add(new FieldError(field, message.getMessage().replaceFirst("^\\$[^:]*: ", "")));
    }
    errors.sort(java.util.Comparator.comparing(FieldError::field));
    return errors;
  }
}
