package dev.taskmill.api;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Leaves a schema that is a {@code $ref} with nothing beside it but a description. The scanner adds
 * {@code type} (and, for the multipart upload, the form fields it found on the method) next to a
 * reference; code generators reject that ("$ref combined with other properties") or drop the
 * referenced schema's {@code required} list, so a generated client would not know that an upload
 * needs its file.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class PlainReferences implements OASFilter {

  @Override
  public Schema filterSchema(Schema schema) {
    if (schema.getRef() != null) {
      schema.setType(null);
      schema.setProperties(null);
      schema.setRequired(null);
      schema.setFormat(null);
      schema.setItems(null);
    }
    return schema;
  }
}
