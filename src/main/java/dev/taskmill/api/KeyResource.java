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
import dev.taskmill.auth.UserSettings;
import dev.taskmill.auth.Users;
import dev.taskmill.data.StorageUse;
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
 * API keys and users: an admin creates, lists and revokes keys, lists users and sets their storage
 * quota and default time to live; anyone may ask who their key is and what they store.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Keys", description = "API keys and who the caller is")
public class KeyResource {

  private static final Pattern USER = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{8}|bootstrap");

  private final ApiKeys keys;
  private final Users users;
  private final CurrentCaller caller;
  private final UserSettings settings;
  private final StorageUse storage;
  private final ConcurrencyCaps caps;

  KeyResource(
      ApiKeys keys,
      Users users,
      CurrentCaller caller,
      UserSettings settings,
      StorageUse storage,
      ConcurrencyCaps caps) {
    this.caps = caps;
    this.keys = keys;
    this.users = users;
    this.caller = caller;
    this.settings = settings;
    this.storage = storage;
  }

  @GET
  @Path("/me")
  @Operation(
      operationId = "getCaller",
      summary = "The user and role of the presented key, their storage use and quota")
  public CallerDto getCaller() {
    Caller me = caller.get();
    UserSettings.Settings mine = settings.of(me.userId());
    StorageUse.Use used = storage.of(me.userId());
    return new CallerDto(
        me.user(),
        me.userId(),
        me.role().wire(),
        me.keyId(),
        new CallerDto.StorageDto(used.bytes(), used.items(), mine.storageQuotaBytes()),
        mine.defaultTtlSeconds());
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
      errors.add(new Problem.FieldError("role", "must be 'admin', 'user' or 'worker'"));
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
    Map<String, UserSettings.Settings> all = settings.all();
    return users.list().stream()
        .map(
            u ->
                UserDto.of(
                    u,
                    active.getOrDefault(u.id(), 0L),
                    all.getOrDefault(u.id(), new UserSettings.Settings(null, null))))
        .toList();
  }

  @PATCH
  @Path("/users/{id}")
  @AdminOnly
  @Consumes(MediaType.APPLICATION_JSON)
  @APIResponse(responseCode = "403", description = "Needs an admin key")
  @Operation(
      operationId = "updateUser",
      summary =
          "Change a user's storage quota, default time to live and concurrency cap (admin only):"
              + " a number sets one, null removes it, an absent field stays")
  @RequestBody(
      required = true,
      content = @Content(schema = @Schema(implementation = UserPatchRequest.class)))
  @APIResponse(
      responseCode = "200",
      description = "The user with its settings",
      content = @Content(schema = @Schema(implementation = UserDto.class)))
  @APIResponse(responseCode = "404", description = "No user with this id")
  @APIResponse(
      responseCode = "422",
      description = "An unknown field, or a value out of range (each field says its range)")
  public UserDto updateUser(@PathParam("id") String id, JsonNode body) {
    UserSettingsPatch.Patch patch = UserSettingsPatch.parse(body);
    Users.User user = users.byId(id).orElseThrow(() -> ProblemException.notFound("user", id));
    UserSettings.Settings changed = settings.change(id, patch.settings());
    if (patch.capGiven()) {
      user =
          users
              .setMaxConcurrentTasks(id, patch.maxConcurrentTasks())
              .orElseThrow(() -> ProblemException.notFound("user", id));
      caps.changed();
    }
    long active =
        keys.list().stream().filter(k -> k.revokedAt == null && id.equals(k.userId)).count();
    return UserDto.of(user, active, changed);
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
