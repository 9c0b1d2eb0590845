using ImagePipeline.Submitter;

return await CliApplication.Create().Parse(args).InvokeAsync();
