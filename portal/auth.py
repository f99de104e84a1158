from axes.backends import AxesStandaloneBackend


class PortalAxesBackend(AxesStandaloneBackend):
    """django-axes for sign-ins made over HTTP; authentication without a request (scripts, the
    test client's login()) has no client address to lock, so it is left to the next backend."""

    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
