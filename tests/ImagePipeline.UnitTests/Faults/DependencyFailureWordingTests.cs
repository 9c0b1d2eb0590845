using ImagePipeline.Sagas;
using ImagePipeline.Storage;

namespace ImagePipeline.UnitTests.Faults;

/// <summary>How a failure that passes is said: in words, naming what was refused, never the SDK's response dump.</summary>
public sealed class DependencyFailureWordingTests
{
    [Theory]
    [InlineData("write", 500, "the blob store refused the write (HTTP 500; is its disk full?)")]
    [InlineData("write", 503, "the blob store refused the write (HTTP 503; busy or unavailable)")]
    [InlineData("read", 500, "the blob store refused the read (HTTP 500; busy or unavailable)")]
    [InlineData("delete", 507, "the blob store refused the delete (HTTP 507; is its disk full?)")]
    public void Describe_SaysWhatWasRefusedAndWhy(string operation, int status, string expected) =>
        Assert.Equal(expected, BlobStoreUnavailableException.Describe(operation, status));

    [Fact]
    public void DependencyFailures_WhenTheStoreRefusedAWrite_GivesTheStoresWordsAsAFailureThatPasses()
    {
        var refused = new BlobStoreUnavailableException(BlobStoreUnavailableException.Describe("write", 500));

        Assert.Equal("the blob store refused the write (HTTP 500; is its disk full?)", DependencyFailures.Describe(refused));
        Assert.Equal(DependencyFailures.BlobStore, DependencyFailures.DependencyOf(DependencyFailures.Describe(refused)!));
    }

    [Fact]
    public void DependencyFailures_WhenTheSdksDumpArrives_KeepsOnlyTheStatusInWords()
    {
        var dump = "Service request failed.\nStatus: 500 (Internal Server Error)\n\nHeaders:\nServer: Azurite-Blob/3.35.0\nx-ms-request-id: 1f0";

        var described = DependencyFailures.Describe("Azure.RequestFailedException", dump);

        Assert.Equal("the blob store refused the request (HTTP 500; is its disk full?)", described);
    }

    [Fact]
    public void DependencyFailures_WhenTheBrokerIsUnreachable_NamesTheBroker()
    {
        var described = DependencyFailures.Describe("RabbitMQ.Client.Exceptions.BrokerUnreachableException", "None of the specified endpoints were reachable");

        Assert.Equal("the message broker is not reachable (None of the specified endpoints were reachable)", described);
        Assert.Equal(DependencyFailures.Broker, DependencyFailures.DependencyOf(described!));
    }

    [Fact]
    public void CommandLine_WhenTheStoreRefusedAWrite_SaysSoInOneSentence()
    {
        var problem = ImagePipeline.Submitter.Hosting.BlobStoreFailures.Describe(
            new BlobStoreUnavailableException(BlobStoreUnavailableException.Describe("write", 500)));

        Assert.StartsWith("The blob store refused the write (HTTP 500; is its disk full?). ", problem);
    }

    [Fact]
    public void DependencyFailures_WhenTheBlobIsMissing_IsFinal() =>
        Assert.Null(DependencyFailures.Describe(new BlobNotFoundException("jobs/x/manifest.json")));
}
