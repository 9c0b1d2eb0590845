using ImagePipeline.Orchestration.Hosting;
using ImagePipeline.ProcessorService;
using ImagePipeline.Storage;

// A worker host: consumes tile and assembly commands and, by default, hosts the job and image
// sagas too (their state is in the blob store, so every processor can share that work).
var builder = Host.CreateApplicationBuilder(args);
builder.Configuration.AddEnvironmentVariables(prefix: "IMAGEPIPE_");

builder.Services.AddSystemd();
builder.Services.AddProcessorHostOptions();
builder.Services.AddBlobStore();
builder.Services.AddPipelineBus(builder.Configuration.GetProcessorRoles(), BusTransport.RabbitMq);
builder.Services.AddPipelineTelemetry(builder.Configuration, serviceName: "imagepipe-processor");

builder.Build().Run();
