package dev.taskmill.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskmill.api.dto.ApiKeyDto;
import dev.taskmill.api.dto.CallerDto;
import dev.taskmill.api.dto.CreateKeyRequest;
import dev.taskmill.api.dto.IssuedKeyDto;
import dev.taskmill.api.dto.UserDto;
import dev.taskmill.api.dto.UserPatchRequest;
import dev.taskmill.auth.AdminOnly;
import dev.taskmill.auth.ApiKey;
import dev.taskmill.auth.ApiKeys;
import dev.taskmill.auth.Caller;
import dev.taskmill.auth.CurrentCaller;
import dev.taskmill.auth.Role;
import dev.taskmill.auth.Users;
import dev.taskmill.task.caps.ConcurrencyCaps;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * API keys and users: an admin creates, lists and revokes keys and lists users; anyone may ask who
 * their key is.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Keys", description = "API keys and who the caller is")
public class KeyResource {

  private static final Pattern USER = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final String MAX_CONCURRENT_TASKS = "maxConcurrentTasks";
  private static final List<String> USER_FIELDS = List.of(MAX_CONCURRENT_TASKS);
  private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{8}|bootstrap");

  private final ApiKeys keys;
  private final Users users;
  private final CurrentCaller caller;
  private final ConcurrencyCaps caps;

  KeyResource(ApiKeys keys, Users users, CurrentCaller caller, ConcurrencyCaps caps) {
    this.caps = caps;
    this.keys = keys;
    this.users = users;
    this.caller = caller;
  }

  @GET
  @Path("/me")
  @Operation(operationId = "getCaller", summary = "The user and role of the presented key")
  public CallerDto getCaller() {
    Caller me = caller.get();
    return new CallerDto(me.user(), me.userId(), me.role().wire(), me.keyId());
  }

  @POST
  @Path("/keys")
  @AdminOnly
  @APIResponse(responseCode = "403", description = "Needs an admin key")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "createKey",
      summary = "Create a key for a user (admin only); its secret is in this answer only")
  @RequestBody(
      required = true,
      content = @Content(schema = @Schema(implementation = CreateKeyRequest.class)))
  @APIResponse(
      responseCode = "201",
      description = "Created",
      content = @Content(schema = @Schema(implementation = IssuedKeyDto.class)))
  @APIResponse(responseCode = "422", description = "A missing or malformed user, role or name")
  @APIResponse(
      responseCode = "409",
      description = "The user exists with the other role (a name stays bound to one user and role)")
  public Response createKey(CreateKeyRequest request) {
    if (request == null) {
      throw ProblemException.invalid(
          "Send a JSON object such as {\"user\": \"alice\", \"role\": \"user\"}.");
    }
    List<Problem.FieldError> errors = new ArrayList<>();
    if (request.user() == null || !USER.matcher(request.user()).matches()) {
      errors.add(
          new Problem.FieldError("user", "is required: 1 to 64 letters, digits, '.', '_' or '-'"));
    }
    Role role = request.role() == null ? Role.USER : Role.parse(request.role());
    if (role == null) {
      errors.add(new Problem.FieldError("role", "must be 'admin' or 'user'"));
    }
    if (request.name() != null && request.name().length() > 200) {
      errors.add(new Problem.FieldError("name", "must be at most 200 characters"));
    }
    if (!errors.isEmpty()) {
      throw ProblemException.invalid(errors);
    }
    ApiKeys.Issued issued;
    try {
      issued = keys.create(request.user(), role, request.name(), caller.get().user());
    } catch (Users.RoleConflict e) {
      throw ProblemException.conflict(
          "The user '"
              + e.existing().name()
              + "' exists with role '"
              + e.existing().role().wire()
              + "'; a user has one role, and a name always means the same user. Create the key"
              + " with role '"
              + e.existing().role().wire()
              + "', or choose another user name.");
    }
    return Response.created(URI.create("/api/v1/keys/" + issued.key().keyId))
        .entity(new IssuedKeyDto(issued.secret(), ApiKeyDto.of(issued.key()), issued.newUser()))
        .build();
  }

  @GET
  @Path("/keys")
  @AdminOnly
  @APIResponse(responseCode = "403", description = "Needs an admin key")
  @Operation(operationId = "listKeys", summary = "Every key, newest first, without secrets")
  @APIResponse(responseCode = "200", description = "Every key (never the secret)")
  public List<ApiKeyDto> listKeys() {
    return keys.list().stream().map(ApiKeyDto::of).toList();
  }

  @GET
  @Path("/users")
  @AdminOnly
  @APIResponse(responseCode = "403", description = "Needs an admin key")
  @Operation(
      operationId = "listUsers",
      summary = "Every user, by name, with the id that owns their things (admin only)")
  @APIResponse(
      responseCode = "200",
      description = "Every user, including those whose keys are all revoked")
  public List<UserDto> listUsers() {
    Map<String, Long> active = new HashMap<>();
    for (ApiKey key : keys.list()) {
      if (key.revokedAt == null && key.userId != null) {
        active.merge(key.userId, 1L, Long::sum);
      }
    }
    return users.list().stream().map(u -> UserDto.of(u, active.getOrDefault(u.id(), 0L))).toList();
  }

  @PATCH
  @Path("/users/{id}")
  @AdminOnly
  @Consumes(MediaType.APPLICATION_JSON)
  @APIResponse(responseCode = "403", description = "Needs an admin key")
  @Operation(
      operationId = "updateUser",
      summary = "Change a user's limits (admin only; absent fields stay)")
  @RequestBody(
      required = true,
      content = @Content(schema = @Schema(implementation = UserPatchRequest.class)))
  @APIResponse(responseCode = "200", description = "The changed user")
  @APIResponse(responseCode = "404", description = "No user with this id")
  @APIResponse(responseCode = "422", description = "An unknown field or a value out of range")
  public UserDto updateUser(@PathParam("id") String id, JsonNode body) {
    if (body == null || !body.isObject()) {
      throw ProblemException.invalid(
          "Send a JSON object such as {\"maxConcurrentTasks\": 2} (null removes the cap).");
    }
    List<Problem.FieldError> errors = new ArrayList<>();
    body.fieldNames()
        .forEachRemaining(
            field -> {
              if (!USER_FIELDS.contains(field)) {
                errors.add(
                    new Problem.FieldError(
                        field, "is not a user field; it may be one of " + USER_FIELDS));
              }
            });
    JsonNode max = body.get(MAX_CONCURRENT_TASKS);
    if (max != null
        && !max.isNull()
        && !(max.canConvertToInt() && max.isIntegralNumber() && between(max.intValue()))) {
      errors.add(
          new Problem.FieldError(
              MAX_CONCURRENT_TASKS, "must be a whole number from 1 to 10000, or null for no cap"));
    }
    if (!errors.isEmpty()) {
      throw ProblemException.invalid(errors);
    }
    Users.User user = users.byId(id).orElseThrow(() -> ProblemException.notFound("user", id));
    if (max != null) {
      user =
          users
              .setMaxConcurrentTasks(user.id(), max.isNull() ? null : max.intValue())
              .orElseThrow(() -> ProblemException.notFound("user", id));
      caps.changed();
    }
    long active =
        keys.list().stream().filter(k -> k.revokedAt == null && id.equals(k.userId)).count();
    return UserDto.of(user, active);
  }

  private static boolean between(int max) {
    return max >= 1 && max <= 10_000;
  }

  @DELETE
  @Path("/keys/{keyId}")
  @AdminOnly
  @APIResponse(responseCode = "403", description = "Needs an admin key")
  @Operation(operationId = "revokeKey", summary = "Revoke a key (admin only)")
  @APIResponse(
      responseCode = "200",
      description = "Revoked (or already was)",
      content = @Content(schema = @Schema(implementation = ApiKeyDto.class)))
  @APIResponse(responseCode = "404", description = "No such key")
  @APIResponse(responseCode = "409", description = "It is the last active admin key")
  public ApiKeyDto revokeKey(@PathParam("keyId") String keyId) {
    if (keyId == null || !KEY_ID.matcher(keyId).matches()) {
      throw ProblemException.notFound("API key", String.valueOf(keyId));
    }
    return ApiKeyDto.of(keys.revoke(keyId));
  }
}
