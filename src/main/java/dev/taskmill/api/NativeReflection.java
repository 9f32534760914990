package dev.taskmill.api;

import dev.taskmill.api.dto.ApiKeyDto;
import dev.taskmill.api.dto.BulkTaskRequest;
import dev.taskmill.api.dto.BulkTaskResultDto;
import dev.taskmill.api.dto.BundleForm;
import dev.taskmill.api.dto.CallerDto;
import dev.taskmill.api.dto.CreateKeyRequest;
import dev.taskmill.api.dto.CreatedWebhookDto;
import dev.taskmill.api.dto.DashboardDto;
import dev.taskmill.api.dto.DataItemDto;
import dev.taskmill.api.dto.DataPageDto;
import dev.taskmill.api.dto.DataPatchRequest;
import dev.taskmill.api.dto.DeliveryDto;
import dev.taskmill.api.dto.DetectionDto;
import dev.taskmill.api.dto.InlineDataRequest;
import dev.taskmill.api.dto.InstanceDto;
import dev.taskmill.api.dto.IssuedKeyDto;
import dev.taskmill.api.dto.LineageDto;
import dev.taskmill.api.dto.MediaDto;
import dev.taskmill.api.dto.ModuleDto;
import dev.taskmill.api.dto.Page;
import dev.taskmill.api.dto.PipelineDto;
import dev.taskmill.api.dto.PipelinePageDto;
import dev.taskmill.api.dto.TaskBatchDto;
import dev.taskmill.api.dto.TaskDto;
import dev.taskmill.api.dto.TaskPageDto;
import dev.taskmill.api.dto.ThroughputDto;
import dev.taskmill.api.dto.UploadForm;
import dev.taskmill.api.dto.UserDto;
import dev.taskmill.api.dto.UserPatchRequest;
import dev.taskmill.api.dto.WebhookDto;
import dev.taskmill.api.dto.WebhookRequest;
import dev.taskmill.api.dto.WorkerDtos;
import dev.taskmill.auth.ApiKey;
import dev.taskmill.data.DataItem;
import dev.taskmill.module.Manifest;
import dev.taskmill.module.Module;
import dev.taskmill.module.bundle.Bundle;
import dev.taskmill.pipeline.CreatePipeline;
import dev.taskmill.pipeline.Pipeline;
import dev.taskmill.task.CreateTask;
import dev.taskmill.task.CreateTaskBatch;
import dev.taskmill.task.model.Task;
import dev.taskmill.webhook.Delivery;
import dev.taskmill.webhook.Webhook;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Classes Jackson or the MongoDB codecs read and write by reflection, for a native executable
 * (profile {@code native}): the API's DTOs (also those only built inside a {@code Response}), the
 * problem body, the module manifest parsed from {@code describe}, request bodies and the stored
 * entities with their nested classes. NativeReflectionTest fails when a DTO is missing here.
 */
@RegisterForReflection(
    targets = {
      ApiKeyDto.class,
      BulkTaskRequest.class,
      BulkTaskResultDto.class,
      BundleForm.class,
      CallerDto.class,
      CreateKeyRequest.class,
      InstanceDto.class,
      IssuedKeyDto.class,
      DashboardDto.class,
      DataItemDto.class,
      DataPageDto.class,
      DataPatchRequest.class,
      DetectionDto.class,
      InlineDataRequest.class,
      LineageDto.class,
      MediaDto.class,
      ModuleDto.class,
      Page.class,
      PipelineDto.class,
      PipelinePageDto.class,
      TaskDto.class,
      TaskPageDto.class,
      TaskBatchDto.class,
      ThroughputDto.class,
      UploadForm.class,
      UserDto.class,
      UserPatchRequest.class,
      WorkerDtos.class,
      Problem.class,
      Problem.FieldError.class,
      Manifest.class,
      CreateTask.class,
      CreateTaskBatch.class,
      CreatePipeline.class,
      Task.class,
      DataItem.class,
      Module.class,
      Bundle.class,
      Pipeline.class,
      ApiKey.class,
      WebhookDto.class,
      CreatedWebhookDto.class,
      WebhookRequest.class,
      DeliveryDto.class,
      Webhook.class,
      Delivery.class,
      Delivery.Lease.class
    })
public final class NativeReflection {
  private NativeReflection() {}
}
