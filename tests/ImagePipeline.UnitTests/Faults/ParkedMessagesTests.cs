using System.Text;
using ImagePipeline.Hosting.RabbitMq;

namespace ImagePipeline.UnitTests.Faults;

/// <summary>Which parked messages <c>imagepipe retry</c> takes for a job: MassTransit envelopes as they sit in an error queue.</summary>
public sealed class ParkedMessagesTests
{
    static readonly Guid Job = Guid.Parse("fb5a0000-e565-4779-ed60-08df5420236f");

    [Theory]
    [InlineData("""{"messageId":"1","message":{"image":{"jobId":"fb5a0000-e565-4779-ed60-08df5420236f","imageId":"a","index":0,"count":1},"pass":0}}""", true)]
    [InlineData("""{"message":{"jobId":"fb5a0000-e565-4779-ed60-08df5420236f","operation":"invert"}}""", true)]
    [InlineData("""{"message":{"faultId":"f","message":{"image":{"jobId":"fb5a0000-e565-4779-ed60-08df5420236f"}},"exceptions":[]}}""", true)]
    [InlineData("""{"message":{"image":{"jobId":"0b5a0000-e565-4779-ed60-08df5420236f"}}}""", false)]
    [InlineData("""{"messageId":"fb5a0000-e565-4779-ed60-08df5420236f","message":{}}""", false)]
    [InlineData("""not json""", false)]
    public void NamesJob_FindsTheJobIdInTheMessageOnly(string body, bool expected) =>
        Assert.Equal(expected, ParkedMessages.NamesJob(Encoding.UTF8.GetBytes(body), Job));
}
