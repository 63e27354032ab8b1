#pragma once
// Plugins are built with -fvisibility=hidden; the SDK's polymorphic types must stay
// visible so their type_info and vtables are the same on both sides of the boundary.
#define NNPLUG_SDK_API __attribute__((visibility("default")))
