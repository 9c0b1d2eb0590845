using System.Net.Http.Headers;
using System.Text;

namespace ImagePipeline.IntegrationTests.Infrastructure;

/// <summary>The header RabbitMQ's management API takes a user's credentials in.</summary>
internal static class BasicAuthentication
{
    public static AuthenticationHeaderValue For(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
}
