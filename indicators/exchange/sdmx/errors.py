"""Why an SDMX request or message is refused: a stable code, a sentence, a status."""


class SdmxError(Exception):
    def __init__(self, code: str, message: str, status: int = 400, details=None):
        super().__init__(message)
        self.details = details
        self.code = code
        self.message = message
        self.status = status
