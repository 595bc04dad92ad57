"""A local stand-in for the payment providers' servers (docs/payments.md): HTTPS on loopback
with its own test certificate authority, answering the documented requests of WeChat Pay
APIv3 and Alipay's gateway with their signatures, so the live plug-ins are tested — and the
demo runs — through their real HTTP clients without the internet.

``server`` serves; each provider's handler (``wechat``, ``alipay``) keeps its orders and can be
told to misbehave as the real ones do (USERPAYING, a timeout, SYSTEMERROR, an answer lost after
charging, a reversed order refused)."""
