using System.Text.RegularExpressions;
using ImagePipeline.Hosting.RabbitMq;
using ImagePipeline.UnitTests.TestData;

namespace ImagePipeline.UnitTests.Deploy;

/// <summary>
/// The queue type is set in three places that must agree, or a submit meets queues of the other type: the processors'
/// default, the environment file a host starts from, and the virtual host the setup script makes.
/// </summary>
public sealed partial class QueueTypeDefaultsTests
{
    [Fact]
    public void Defaults_ProcessorOptionsEnvironmentExampleAndBrokerSetup_AllSayClassic()
    {
        var environmentFile = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "deploy", "systemd", "processor.env.example"));
        var setupScript = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "deploy", "rabbitmq", "setup-pipeline.sh"));

        Assert.Equal(RabbitMqQueueType.Classic, new RabbitMqOptions().QueueType);
        Assert.Equal("Classic", EnvironmentQueueType().Match(environmentFile).Groups[1].Value);
        Assert.Equal("classic", SetupQueueType().Match(setupScript).Groups[1].Value);
    }

    [GeneratedRegex(@"^IMAGEPIPE_RabbitMq__QueueType=(\w+)$", RegexOptions.Multiline)]
    private static partial Regex EnvironmentQueueType();

    [GeneratedRegex(@"\bqueue_type=(\w+)")]
    private static partial Regex SetupQueueType();
}
