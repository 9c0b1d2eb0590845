using ImagePipeline.Submitter;

return await CliApplication.RunAsync(args);
