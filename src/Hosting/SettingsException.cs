namespace ImagePipeline.Hosting;

/// <summary>A setting is missing or has a value that cannot work; the message names it and says what would.</summary>
public sealed class SettingsException(string message) : Exception(message);
