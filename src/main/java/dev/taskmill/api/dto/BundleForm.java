package dev.taskmill.api.dto;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The multipart form of a module bundle upload; documents the request body for clients. */
@Schema(name = "BundleForm")
public record BundleForm(
    @Schema(
            type = SchemaType.STRING,
            format = "binary",
            required = true,
            description =
                "A zip of the module: main.py at its top, or in its one top folder (what zipping"
                    + " the module's folder gives)")
        String file,
    @Schema(
            description =
                "The module's name (lowercase letters, digits and '-'); defaults to the zip's top"
                    + " folder, else the file name without .zip. main.py must declare the same"
                    + " name.",
            pattern = "^[a-z0-9][a-z0-9-]{0,62}$")
        String name) {}
