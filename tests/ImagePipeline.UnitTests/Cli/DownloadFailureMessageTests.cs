using Azure;
using ImagePipeline.Client.Downloads;
using ImagePipeline.Submitter.Hosting;

namespace ImagePipeline.UnitTests.Cli;

/// <summary>A download that failed after its retries is said in one line: the output, the attempts, and what failed, without the SDK's headers.</summary>
public sealed class DownloadFailureMessageTests
{
    [Fact]
    public void Describe_WhenTheStoreKeptAnswering500_NamesTheOutputTheAttemptsAndTheStatus()
    {
        var cause = new RequestFailedException(500, "Service request failed.\nStatus: 500 (Internal Server Error)\n\nHeaders:\nServer: Azurite", "InternalError", null);

        var line = BlobStoreFailures.Describe(new DownloadFailedException("out.png", 4, cause));

        Assert.Equal("The download of 'out.png' failed 4 times: The blob store answered 500 InternalError: Service request failed.", line);
    }

    [Fact]
    public void Describe_WhenTheConnectionKeptBreaking_SaysTheFirstLineOfWhy()
    {
        var cause = new IOException("Unable to read data from the transport connection: Connection reset by peer.\n ---> System.Net.Sockets.SocketException (104)");

        var line = BlobStoreFailures.Describe(new DownloadFailedException("out.png", 4, cause));

        Assert.Equal("The download of 'out.png' failed 4 times: Unable to read data from the transport connection: Connection reset by peer.", line);
        Assert.DoesNotContain('\n', line);
    }
}
