package dev.taskmill.api;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationValue;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.RecordComponentInfo;
import org.jboss.jandex.Type;

/**
 * Lists as {@code required} the properties of response schemas that every answer carries: the
 * components of primitive type ({@code int}, {@code long}, {@code boolean}, {@code double}) of the
 * record each schema is made from. With {@code quarkus.jackson.serialization-inclusion=non_null}
 * only null values are left out, and a primitive is never null, so this follows from the types
 * alone and covers every record DTO added later. A reference component that is never null says so
 * on the record with {@code @Schema(required = true)}, which the scanner lists already. Schemas a
 * request body uses are left alone: there a primitive may be omitted and takes its default.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class RequiredFields implements OASFilter {

  private static final DotName SCHEMA =
      DotName.createSimple(org.eclipse.microprofile.openapi.annotations.media.Schema.class);

  private static final String COMPONENTS = "#/components/schemas/";

  private final IndexView index;

  /** SmallRye hands a filter with this constructor the application's class index. */
  public RequiredFields(IndexView index) {
    this.index = index;
  }

  @Override
  public void filterOpenAPI(OpenAPI openAPI) {
    if (openAPI.getComponents() == null || openAPI.getComponents().getSchemas() == null) {
      return;
    }
    Map<String, Schema> schemas = openAPI.getComponents().getSchemas();
    Set<String> requests = requestSchemas(openAPI, schemas);
    Map<String, ClassInfo> records = recordsBySchemaName();
    schemas.forEach(
        (name, schema) -> {
          ClassInfo record = records.get(name);
          if (record == null || requests.contains(name) || schema.getProperties() == null) {
            return;
          }
          List<String> required =
              new ArrayList<>(schema.getRequired() == null ? List.of() : schema.getRequired());
          for (RecordComponentInfo component : record.recordComponents()) {
            if (component.type().kind() == Type.Kind.PRIMITIVE
                && schema.getProperties().containsKey(component.name())
                && !required.contains(component.name())) {
              required.add(component.name());
            }
          }
          if (!required.isEmpty()) {
            schema.setRequired(required);
          }
        });
  }

  /** The records of the index by the name of the schema the scanner makes of each. */
  private Map<String, ClassInfo> recordsBySchemaName() {
    Map<String, ClassInfo> records = new HashMap<>();
    for (ClassInfo type : index.getKnownClasses()) {
      if (!type.isRecord()) {
        continue;
      }
      AnnotationInstance schema = type.declaredAnnotation(SCHEMA);
      AnnotationValue name = schema == null ? null : schema.value("name");
      records.put(name != null ? name.asString() : type.simpleName(), type);
    }
    return records;
  }

  /** The component schemas a request body uses, directly or through other schemas. */
  private static Set<String> requestSchemas(OpenAPI openAPI, Map<String, Schema> schemas) {
    Deque<Schema> todo = new ArrayDeque<>();
    if (openAPI.getPaths() != null && openAPI.getPaths().getPathItems() != null) {
      openAPI
          .getPaths()
          .getPathItems()
          .values()
          .forEach(
              item ->
                  item.getOperations()
                      .values()
                      .forEach(
                          operation -> {
                            if (operation.getRequestBody() != null
                                && operation.getRequestBody().getContent() != null) {
                              operation
                                  .getRequestBody()
                                  .getContent()
                                  .getMediaTypes()
                                  .values()
                                  .stream()
                                  .map(media -> media.getSchema())
                                  .filter(Objects::nonNull)
                                  .forEach(todo::add);
                            }
                          }));
    }
    Set<String> found = new HashSet<>();
    while (!todo.isEmpty()) {
      Schema schema = todo.pop();
      if (schema == null) {
        continue;
      }
      if (schema.getRef() != null && schema.getRef().startsWith(COMPONENTS)) {
        String name = schema.getRef().substring(COMPONENTS.length());
        if (found.add(name) && schemas.containsKey(name)) {
          todo.add(schemas.get(name));
        }
        continue;
      }
      Stream.of(schema.getItems(), schema.getAdditionalPropertiesSchema())
          .filter(Objects::nonNull)
          .forEach(todo::add);
      Stream.of(
              schema.getProperties() == null ? null : schema.getProperties().values(),
              schema.getAllOf(),
              schema.getAnyOf(),
              schema.getOneOf())
          .filter(Objects::nonNull)
          .flatMap(Collection::stream)
          .filter(Objects::nonNull)
          .forEach(todo::add);
    }
    return found;
  }
}
