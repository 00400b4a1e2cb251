"""Safe YAML loading for rules, phrase banks and configuration.

``yaml.safe_load`` already refuses Python objects; on top of that this refuses anchors and
aliases (a few lines of aliases can expand to gigabytes) and files over a size limit.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from letterlint.errors import ConfigError

MAX_YAML_BYTES = 2 * 1024 * 1024
MAX_NESTING = 64  # lists and mappings inside each other; deeper files are refused before loading


class _NoAliasLoader(yaml.SafeLoader):
    def compose_node(self, parent: Any, index: Any) -> Any:  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(
                None, None, "YAML aliases (*name) are not allowed here", event.start_mark
            )
        return super().compose_node(parent, index)


_CLoader: Any = getattr(yaml, "CSafeLoader", None)


def loads(text: str, source: str) -> Any:
    if len(text.encode("utf-8", "replace")) > MAX_YAML_BYTES:
        raise ConfigError(source, "", f"file is larger than {MAX_YAML_BYTES // 1024} KB")
    try:
        if _CLoader is None:
            raise yaml.YAMLError
        # libyaml is several times faster; aliases are found first from its event stream
        depth = 0
        for event in yaml.parse(text, Loader=_CLoader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_NESTING:  # building the nodes recurses: refuse before it does
                    raise ConfigError(source, "", f"nested more than {MAX_NESTING} levels deep")
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
            elif isinstance(event, yaml.AliasEvent):
                raise yaml.composer.ComposerError(
                    None, None, "YAML aliases (*name) are not allowed here", event.start_mark,  # type: ignore[arg-type]
                )
        return yaml.load(text, Loader=_CLoader)
    except yaml.YAMLError:
        pass
    except RecursionError:
        raise ConfigError(source, "", "nested too deeply") from None
    except (ValueError, OverflowError) as exc:  # e.g. a date 2026-13-01
        raise ConfigError(source, "", f"invalid value: {str(exc).splitlines()[0]}") from None
    try:  # the pure-Python parser's messages say more ("expected ',' or ']', but got ':'")
        return yaml.load(text, Loader=_NoAliasLoader)
    except RecursionError:
        raise ConfigError(source, "", "nested too deeply") from None
    except (ValueError, OverflowError) as exc:
        raise ConfigError(source, "", f"invalid value: {str(exc).splitlines()[0]}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "YAML"
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(source, where, f"invalid YAML: {problem}") from None


def load(path: Path) -> Any:
    try:
        size = path.stat().st_size
        if size > MAX_YAML_BYTES:
            raise ConfigError(str(path), "", f"file is larger than {MAX_YAML_BYTES // 1024} KB")
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConfigError(str(path), "", "not UTF-8 text") from None
    except OSError as exc:
        raise ConfigError(str(path), "", exc.strerror or str(exc)) from None
    return loads(text, str(path))
