using ImagePipeline.Submitter.Presentation;

namespace ImagePipeline.UnitTests.Doors;

public sealed class SecretMaskTests
{
    [Fact]
    public void Apply_WhenConnectionStringHasAnAccountKey_MasksOnlyTheKey()
    {
        var masked = SecretMask.Apply("Storage:ConnectionString",
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNO==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;");

        Assert.Equal("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=****;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;", masked);
    }

    [Theory]
    [InlineData("RabbitMq:Password")]
    [InlineData("Web:AccessToken")]
    public void Apply_WhenSettingIsASecret_MasksItWhole(string key) => Assert.Equal("****", SecretMask.Apply(key, "hunter2"));

    [Fact]
    public void Apply_WhenSettingIsNotSecret_KeepsIt() => Assert.Equal("127.0.0.1", SecretMask.Apply("RabbitMq:Host", "127.0.0.1"));
}
